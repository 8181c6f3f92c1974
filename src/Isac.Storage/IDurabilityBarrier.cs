namespace Isac.Storage;

/// <summary>
/// Waits until the writes this process has already seen answered are durable. A receipt is sent only after it.
/// On the embedded (or an external) Garnet server this joins a group commit: one <c>COMMITAOF</c> covers every
/// waiter that arrived before it. On Redis the server's <c>appendfsync always</c> already made each answered write
/// durable, so it completes at once, or it runs <c>WAIT</c> when <see cref="StoreOptions.RedisReplicas"/> is set.
/// </summary>
public interface IDurabilityBarrier
{
    /// <summary>Completes when every write answered before this call is durable; throws if that cannot be ensured.</summary>
    Task WaitDurableAsync(CancellationToken cancellationToken = default);
}
