namespace Isac.Storage;

/// <summary>
/// Where and how the broker keeps its state, bound from the configuration section <c>Isac:Store</c>
/// (<see cref="SectionName"/>). Validated at start-up: a bad value stops the host with a message naming the setting.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Isac:Store";

    /// <summary>
    /// A StackExchange.Redis connection string for an external Redis 7 or Garnet server (for example
    /// <c>redis-1:6379,ssl=true,password=...</c>). Null or empty: the broker runs an embedded Garnet server on
    /// loopback with its data in <see cref="DataDirectory"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Directory of the embedded Garnet server's append-only file and checkpoints. Required when embedded.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>How long an unacknowledged mailbox entry is kept before it is trimmed (and reported as a gap).</summary>
    public TimeSpan MailboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a stored bundle is kept after its last store. Must be at least <see cref="MailboxRetention"/>, so a
    /// bundle outlives every mailbox entry that refers to it.
    /// </summary>
    public TimeSpan BundleRetention { get; set; } = TimeSpan.FromDays(31);

    /// <summary>
    /// External Redis only: the number of replicas that must acknowledge the writes (Redis <c>WAIT</c>) before
    /// <see cref="IDurabilityBarrier.WaitDurableAsync"/> completes. 0 (the default): the single server's own
    /// <c>appendfsync always</c> makes each write durable before it is answered, and the start-up check insists on it.
    /// </summary>
    public int RedisReplicas { get; set; }

    /// <summary>How long a Redis <c>WAIT</c> for <see cref="RedisReplicas"/> may take before the write counts as not durable.</summary>
    public TimeSpan ReplicaWaitTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>True when no connection string is set and the broker hosts its own Garnet server.</summary>
    public bool IsEmbedded => string.IsNullOrWhiteSpace(ConnectionString);
}
