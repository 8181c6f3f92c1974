using System.Net;
using System.Security.Cryptography.X509Certificates;
using Isac.Core.Pki;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Configuration;

/// <summary>
/// Checks the broker's settings at start-up (<c>ValidateOnStart</c>): every failure names its setting.
/// The server key is decrypted later, once, by <see cref="Security.BrokerCertificates"/>.
/// </summary>
internal sealed class BrokerOptionsValidator(IConfiguration configuration, TimeProvider time) : IValidateOptions<BrokerOptions>
{
    private const string Fatal = "the broker does not run without it (mTLS with the hub CA cannot be switched off)";

    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{BrokerOptions.Setting(nameof(BrokerOptions.ListenAddress))} must be an IP address, not '{options.ListenAddress}'.");
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{BrokerOptions.Setting(nameof(BrokerOptions.Port))} must be between 0 and {IPEndPoint.MaxPort}, not {options.Port}.");
        }

        if (!MemberCertificates.IsValidMemberId(options.BrokerId))
        {
            failures.Add($"{BrokerOptions.Setting(nameof(BrokerOptions.BrokerId))} must match [a-z0-9][a-z0-9.:-]{{0,63}}, not '{options.BrokerId}'.");
        }

        var hubCa = LoadCertificate(options.HubCaCertificatePath, nameof(BrokerOptions.HubCaCertificatePath), failures);
        if (hubCa is not null && HubCertificateAuthority.DescribeCaProblem(hubCa) is { } problem)
        {
            failures.Add($"{BrokerOptions.Setting(nameof(BrokerOptions.HubCaCertificatePath))}: '{options.HubCaCertificatePath}' cannot be the hub CA: {problem}.");
            hubCa = null;
        }

        var server = LoadCertificate(options.ServerCertificatePath, nameof(BrokerOptions.ServerCertificatePath), failures);
        RequireFile(options.ServerKeyPath, nameof(BrokerOptions.ServerKeyPath), failures);
        if (string.IsNullOrEmpty(options.ServerKeyPassphrase))
        {
            failures.Add($"{BrokerOptions.Setting(nameof(BrokerOptions.ServerKeyPassphrase))} is required (the server key is stored encrypted); {Fatal}.");
        }

        if (hubCa is not null && server is not null)
        {
            var decision = new HubTrust(hubCa, time).ValidateServerCertificate(server);
            if (!decision.IsAccepted)
            {
                failures.Add($"{BrokerOptions.Setting(nameof(BrokerOptions.ServerCertificatePath))}: the server certificate is not valid under the hub CA "
                    + $"({decision.Reason}); nodes trust the hub CA only and would refuse it.");
            }
        }

        // Endpoints from configuration would be bound beside the broker's own, possibly without TLS.
        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            failures.Add($"Kestrel:Endpoints must not be set: the broker listens only on {BrokerOptions.Setting(nameof(BrokerOptions.ListenAddress))} "
                + $"and {BrokerOptions.Setting(nameof(BrokerOptions.Port))}, with mTLS.");
        }

        hubCa?.Dispose();
        server?.Dispose();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static X509Certificate2? LoadCertificate(string? path, string setting, List<string> failures) =>
        CertificateSettingChecks.LoadCertificate(path, BrokerOptions.Setting(setting), Fatal, failures);

    private static bool RequireFile(string? path, string setting, List<string> failures) =>
        CertificateSettingChecks.RequireFile(path, BrokerOptions.Setting(setting), Fatal, failures);
}
