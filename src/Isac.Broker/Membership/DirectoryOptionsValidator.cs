using Microsoft.Extensions.Options;

namespace Isac.Broker.Membership;

/// <summary>Refuses a broker without a pinned governance root, or with half a directory-key configuration.</summary>
internal sealed class DirectoryOptionsValidator : IValidateOptions<DirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var root = options.GovernanceRootPublicKey;
        if (string.IsNullOrWhiteSpace(root) || root.Length != 64 || !root.All(Uri.IsHexDigit))
        {
            failures.Add($"{DirectoryOptions.Setting(nameof(DirectoryOptions.GovernanceRootPublicKey))} must be the governance root's Ed25519 public key as 64 hex characters (see governance-root.pub).");
        }

        if (!string.IsNullOrEmpty(options.DirectoryKeyPath))
        {
            RequireFile(failures, options.DirectoryKeyPath, nameof(DirectoryOptions.DirectoryKeyPath));
            RequireFile(failures, options.DirectoryKeyCertificatePath, nameof(DirectoryOptions.DirectoryKeyCertificatePath));
            RequireFile(failures, options.RosterPath, nameof(DirectoryOptions.RosterPath));
            if (string.IsNullOrEmpty(options.DirectoryKeyPassphrase))
            {
                failures.Add($"{DirectoryOptions.Setting(nameof(DirectoryOptions.DirectoryKeyPassphrase))} is required with a directory key (set Isac__Directory__DirectoryKeyPassphrase).");
            }
        }

        if (options.SnapshotLifetime <= TimeSpan.Zero || options.SnapshotLifetime > TimeSpan.FromHours(24))
        {
            failures.Add($"{DirectoryOptions.Setting(nameof(DirectoryOptions.SnapshotLifetime))} must be positive and at most 24 hours.");
        }

        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{DirectoryOptions.Setting(nameof(DirectoryOptions.RefreshInterval))} must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireFile(List<string> failures, string? path, string property)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            failures.Add($"{DirectoryOptions.Setting(property)} must name an existing file (got '{path}').");
        }
    }
}
