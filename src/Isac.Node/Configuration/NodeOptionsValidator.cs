using System.Net;
using Isac.Core.Pki;
using Microsoft.Extensions.Options;

namespace Isac.Node.Configuration;

/// <summary>Checks the node's settings at start-up; every failure names its setting.</summary>
internal sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!MemberCertificates.IsValidMemberId(options.MemberId))
        {
            failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.MemberId))} must match [a-z0-9][a-z0-9.:-]{{0,63}}, not '{options.MemberId}'.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.DataDirectory))} is required (the node's inbox, outbox and cursor live there).");
        }

        if (!Uri.TryCreate(options.BrokerAddress, UriKind.Absolute, out var broker) || broker.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.BrokerAddress))} must be an https:// address, not '{options.BrokerAddress}' (the broker is reached over mTLS only).");
        }

        if (!Uri.TryCreate(options.IdentityUri, UriKind.Absolute, out var identity) || identity.Scheme != Uri.UriSchemeHttps
            || !string.IsNullOrEmpty(identity.Query) || !string.IsNullOrEmpty(identity.Fragment))
        {
            failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.IdentityUri))} must be the identity service's https issuer URI, not '{options.IdentityUri}' (the broker refuses calls without its access token).");
        }

        RequireFile(options.HubCaCertificatePath, nameof(NodeOptions.HubCaCertificatePath), failures);
        RequireFile(options.ClientCertificatePath, nameof(NodeOptions.ClientCertificatePath), failures);
        RequireFile(options.ClientKeyPath, nameof(NodeOptions.ClientKeyPath), failures);
        RequireFile(options.SigningKeyPath, nameof(NodeOptions.SigningKeyPath), failures);
        RequireFile(options.EncryptionKeyPath, nameof(NodeOptions.EncryptionKeyPath), failures);
        if (string.IsNullOrEmpty(options.KeyPassphrase))
        {
            if (string.IsNullOrWhiteSpace(options.KeyPassphraseFile))
            {
                failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.KeyPassphrase))} (environment variable Isac__Node__KeyPassphrase) or {NodeOptions.Setting(nameof(NodeOptions.KeyPassphraseFile))} is required: the key files are encrypted.");
            }
            else
            {
                RequireFile(options.KeyPassphraseFile, nameof(NodeOptions.KeyPassphraseFile), failures);
            }
        }

        if (options.GovernanceRootPublicKey is not { Length: 64 } root || !root.All(Uri.IsHexDigit))
        {
            failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.GovernanceRootPublicKey))} must be the pinned governance root key as 64 hex characters.");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out var listen) || !IPAddress.IsLoopback(listen))
        {
            failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.ListenAddress))} must be a loopback IP address (the local API is for this machine only), not '{options.ListenAddress}'.");
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.Port))} must be between 0 and {IPEndPoint.MaxPort}, not {options.Port}.");
        }

        if (options.ResealAfter <= TimeSpan.Zero || options.ResealAfter > TimeSpan.FromMinutes(15))
        {
            failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.ResealAfter))} must be positive and at most the broker's 15 min max age, not {options.ResealAfter}.");
        }

        if (options.BrokerVersionGrace < TimeSpan.Zero || options.BrokerMaxBundleAge < TimeSpan.Zero || options.RetiredKeyCheckInterval <= TimeSpan.Zero)
        {
            failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.BrokerVersionGrace))} and {NodeOptions.Setting(nameof(NodeOptions.BrokerMaxBundleAge))} must not be negative, {NodeOptions.Setting(nameof(NodeOptions.RetiredKeyCheckInterval))} must be positive.");
        }

        if (options.DirectoryRefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{NodeOptions.Setting(nameof(NodeOptions.DirectoryRefreshInterval))} must be positive, not {options.DirectoryRefreshInterval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireFile(string? path, string setting, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            failures.Add($"{NodeOptions.Setting(setting)} is required.");
        }
        else if (!File.Exists(path))
        {
            failures.Add($"{NodeOptions.Setting(setting)}: file '{path}' does not exist.");
        }
    }
}
