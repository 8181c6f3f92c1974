using Microsoft.Extensions.Options;

namespace Isac.Storage.Internal;

/// <summary>Checks <see cref="StoreOptions"/> at start-up; every message names the setting and the fix.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The list of problems, empty when the options are usable. Shared with the store's own start.</summary>
    public static List<string> Check(StoreOptions options)
    {
        var failures = new List<string>();
        const string Prefix = StoreOptions.SectionName + ":";
        if (options.IsEmbedded && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{Prefix}{nameof(StoreOptions.DataDirectory)} is required when {Prefix}{nameof(StoreOptions.ConnectionString)} is empty " +
                "(the embedded Garnet server keeps its append-only file there); set it to a persistent directory, or set a Redis connection string.");
        }

        if (options.MailboxRetention <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(StoreOptions.MailboxRetention)} must be positive (it is {options.MailboxRetention}).");
        }

        if (options.BundleRetention < options.MailboxRetention)
        {
            failures.Add($"{Prefix}{nameof(StoreOptions.BundleRetention)} ({options.BundleRetention}) must be at least " +
                $"{Prefix}{nameof(StoreOptions.MailboxRetention)} ({options.MailboxRetention}): a bundle must outlive every mailbox entry that refers to it.");
        }

        if (options.RedisReplicas < 0)
        {
            failures.Add($"{Prefix}{nameof(StoreOptions.RedisReplicas)} must be 0 or more (it is {options.RedisReplicas}).");
        }

        if (options.RedisReplicas > 0 && options.IsEmbedded)
        {
            failures.Add($"{Prefix}{nameof(StoreOptions.RedisReplicas)} applies to an external Redis only; the embedded Garnet server has no replicas. " +
                $"Set it to 0 or set {Prefix}{nameof(StoreOptions.ConnectionString)}.");
        }

        if (options.ReplicaWaitTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(StoreOptions.ReplicaWaitTimeout)} must be positive (it is {options.ReplicaWaitTimeout}).");
        }

        return failures;
    }
}
