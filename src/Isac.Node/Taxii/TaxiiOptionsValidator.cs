using System.Globalization;
using System.Net;
using Isac.Core.Labels;
using Isac.Core.Wire;
using Isac.Node.Configuration;
using Microsoft.Extensions.Options;

namespace Isac.Node.Taxii;

/// <summary>Checks the TAXII settings at start-up when the server is enabled; every failure names its setting.</summary>
internal sealed class TaxiiOptionsValidator : IValidateOptions<TaxiiOptions>
{
    public ValidateOptionsResult Validate(string? name, TaxiiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{TaxiiOptions.Setting(nameof(TaxiiOptions.ListenAddress))} must be an IP address, not '{options.ListenAddress}'.");
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{TaxiiOptions.Setting(nameof(TaxiiOptions.Port))} must be between 0 and {IPEndPoint.MaxPort}, not {options.Port}.");
        }

        foreach (var (path, setting) in new[] { (options.CertificatePath, nameof(TaxiiOptions.CertificatePath)), (options.KeyPath, nameof(TaxiiOptions.KeyPath)) })
        {
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                failures.Add($"{TaxiiOptions.Setting(setting)} must name an existing PEM file (TAXII is served over HTTPS only), not '{path}'.");
            }
        }

        if (options.MaxContentLength is < 1 or > WireLimits.MaxPayloadBytes)
        {
            failures.Add($"{TaxiiOptions.Setting(nameof(TaxiiOptions.MaxContentLength))} must be between 1 and {WireLimits.MaxPayloadBytes} bytes, not {options.MaxContentLength}.");
        }

        if (options.DefaultPageSize < 1 || options.MaxPageSize < options.DefaultPageSize)
        {
            failures.Add($"{TaxiiOptions.Setting(nameof(TaxiiOptions.DefaultPageSize))} must be at least 1 and at most {TaxiiOptions.Setting(nameof(TaxiiOptions.MaxPageSize))}.");
        }

        if (options.Outbox.Label is { } label && !TlpLabels.TryParse(label, out _))
        {
            failures.Add($"{TaxiiOptions.Setting("Outbox:Label")} '{label}' is not a TLP label.");
        }

        if (options.Users.Count == 0)
        {
            failures.Add($"{TaxiiOptions.Setting(nameof(TaxiiOptions.Users))} must list at least one user: the TAXII server has no anonymous access.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Users.Count; i++)
        {
            ValidateUser(options.Users[i], TaxiiOptions.Setting(string.Create(CultureInfo.InvariantCulture, $"Users:{i}")), names, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUser(TaxiiUserOptions user, string setting, HashSet<string> names, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(user.Name) || user.Name.Contains(':', StringComparison.Ordinal) || !names.Add(user.Name))
        {
            failures.Add($"{setting}:Name must be a unique, non-empty name without ':', not '{user.Name}'.");
        }

        if (user.PasswordHash is null && user.TokenSha256 is null)
        {
            failures.Add($"{setting} needs a PasswordHash or a TokenSha256.");
        }

        if (user.PasswordHash is not null && TaxiiPasswordHash.Describe(user.PasswordHash) is { } problem)
        {
            failures.Add($"{setting}:PasswordHash {problem} (never a plaintext password).");
        }

        if (user.TokenSha256 is not null && (user.TokenSha256.Length != 64 || !user.TokenSha256.All(Uri.IsHexDigit)))
        {
            failures.Add($"{setting}:TokenSha256 must be the SHA-256 of the token as 64 hex characters.");
        }

        foreach (var label in user.Read.Where(l => !TlpLabels.TryParse(l, out _)))
        {
            failures.Add($"{setting}:Read lists '{label}', which is not a TLP label.");
        }
    }
}
