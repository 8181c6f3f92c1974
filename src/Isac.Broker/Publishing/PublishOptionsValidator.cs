using Microsoft.Extensions.Options;

namespace Isac.Broker.Publishing;

/// <summary>Refuses a broker without a receipt signing key and its valid root certificate, or with nonsensical freshness bounds.</summary>
internal sealed class PublishOptionsValidator : IValidateOptions<PublishOptions>
{
    private const string Section = PublishOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PublishOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.SigningKeyPath) || !File.Exists(options.SigningKeyPath))
        {
            failures.Add($"{Section}:{nameof(PublishOptions.SigningKeyPath)} must name the broker's receipt signing key file (got '{options.SigningKeyPath}').");
        }

        CheckCertificate(options.SigningKeyCertificatePath, failures);

        if (string.IsNullOrEmpty(options.SigningKeyPassphrase))
        {
            failures.Add($"{Section}:{nameof(PublishOptions.SigningKeyPassphrase)} is required (set Isac__Publish__SigningKeyPassphrase).");
        }

        if (options.MaxAge <= TimeSpan.Zero || options.MaxSkew < TimeSpan.Zero)
        {
            failures.Add($"{Section}:{nameof(PublishOptions.MaxAge)} must be positive and {Section}:{nameof(PublishOptions.MaxSkew)} not negative.");
        }

        if (options.SweepInterval <= TimeSpan.Zero || options.SweepAfter <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{nameof(PublishOptions.SweepInterval)} and {Section}:{nameof(PublishOptions.SweepAfter)} must be positive.");
        }

        if (options.CheckpointInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{nameof(PublishOptions.CheckpointInterval)} must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The certificate must exist, parse and be valid now (its match with the key is checked when the key is read).</summary>
    private static void CheckCertificate(string? path, List<string> failures)
    {
        const string Setting = $"{Section}:{nameof(PublishOptions.SigningKeyCertificatePath)}";
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            failures.Add($"{Setting} must name the governance root's certificate of the broker's receipt key (got '{path}'; run `isac governance certify-broker-key`).");
            return;
        }

        if (!ReceiptSigner.TryReadCertificate(path, out _, out var key, out var error))
        {
            failures.Add($"{Setting}: {error}");
        }
        else if (!key.IsValidAt(DateTimeOffset.UtcNow))
        {
            failures.Add($"{Setting}: the broker key is certified from {key.NotBefore:O} to {key.NotAfter:O}, not now; run `isac governance certify-broker-key`.");
        }
    }
}
