using System.Net;
using System.Security.Cryptography.X509Certificates;
using Isac.Core.Pki;
using Microsoft.Extensions.Options;

namespace Isac.Identity.Configuration;

/// <summary>Checks the identity service's settings at start-up (<c>ValidateOnStart</c>): every failure names its setting.</summary>
internal sealed class IdentityOptionsValidator(IConfiguration configuration, TimeProvider time) : IValidateOptions<IdentityOptions>
{
    private const string Fatal = "the identity service does not run without it";

    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.ListenAddress))} must be an IP address, not '{options.ListenAddress}'.");
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.Port))} must be between 0 and {IPEndPoint.MaxPort}, not {options.Port}.");
        }

        if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme != Uri.UriSchemeHttps
            || !string.IsNullOrEmpty(issuer.Query) || !string.IsNullOrEmpty(issuer.Fragment))
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.Issuer))} must be an absolute https URI without query or fragment (got '{options.Issuer}'); {Fatal}.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.Audience))} must not be empty.");
        }

        if (options.AccessTokenLifetime <= TimeSpan.Zero || options.AccessTokenLifetime > IdentityOptions.MaxAccessTokenLifetime)
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.AccessTokenLifetime))} must be positive and at most {IdentityOptions.MaxAccessTokenLifetime} (got {options.AccessTokenLifetime}).");
        }

        var root = options.GovernanceRootPublicKey;
        if (string.IsNullOrWhiteSpace(root) || root.Length != 64 || !root.All(Uri.IsHexDigit))
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.GovernanceRootPublicKey))} must be the governance root's Ed25519 public key as 64 hex characters; {Fatal}.");
        }

        RequireFile(options.RosterPath, nameof(IdentityOptions.RosterPath), failures);
        foreach (var admin in options.AdminMembers.Where(admin => !MemberCertificates.IsValidMemberId(admin)))
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.AdminMembers))}: '{admin}' is not a member id ([a-z0-9][a-z0-9.:-]{{0,63}}).");
        }

        if (string.IsNullOrWhiteSpace(options.SigningKeyPath))
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.SigningKeyPath))} is required (the file is created on first start); {Fatal}.");
        }

        if (string.IsNullOrEmpty(options.SigningKeyPassphrase))
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.SigningKeyPassphrase))} is required (the signing key is stored encrypted); {Fatal}.");
        }

        ValidateCertificates(options, failures);

        // Endpoints from configuration would be bound beside the service's own, possibly without TLS.
        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            failures.Add($"Kestrel:Endpoints must not be set: the identity service listens only on {IdentityOptions.Setting(nameof(IdentityOptions.ListenAddress))} "
                + $"and {IdentityOptions.Setting(nameof(IdentityOptions.Port))}, with TLS.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateCertificates(IdentityOptions options, List<string> failures)
    {
        using var hubCa = LoadCertificate(options.HubCaCertificatePath, nameof(IdentityOptions.HubCaCertificatePath), failures);
        using var server = LoadCertificate(options.ServerCertificatePath, nameof(IdentityOptions.ServerCertificatePath), failures);
        RequireFile(options.ServerKeyPath, nameof(IdentityOptions.ServerKeyPath), failures);
        if (string.IsNullOrEmpty(options.ServerKeyPassphrase))
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.ServerKeyPassphrase))} is required (the server key is stored encrypted); {Fatal}.");
        }

        if (hubCa is null)
        {
            return;
        }

        if (HubCertificateAuthority.DescribeCaProblem(hubCa) is { } problem)
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.HubCaCertificatePath))}: '{options.HubCaCertificatePath}' cannot be the hub CA: {problem}.");
            return;
        }

        if (server is not null && new HubTrust(hubCa, time).ValidateServerCertificate(server) is { IsAccepted: false } decision)
        {
            failures.Add($"{IdentityOptions.Setting(nameof(IdentityOptions.ServerCertificatePath))}: the server certificate is not valid under the hub CA "
                + $"({decision.Reason}); nodes trust the hub CA only and would refuse it.");
        }
    }

    private static X509Certificate2? LoadCertificate(string? path, string setting, List<string> failures) =>
        CertificateSettingChecks.LoadCertificate(path, IdentityOptions.Setting(setting), Fatal, failures);

    private static bool RequireFile(string? path, string setting, List<string> failures) =>
        CertificateSettingChecks.RequireFile(path, IdentityOptions.Setting(setting), Fatal, failures);
}
