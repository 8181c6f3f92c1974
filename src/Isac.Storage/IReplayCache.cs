namespace Isac.Storage;

/// <summary>
/// Refuses replays: one record per <c>(sender, bundle id)</c>, holding the digest and a state (<c>pending</c> then
/// <c>committed</c>), expiring at the end of the bundle's freshness window.
/// </summary>
public interface IReplayCache
{
    /// <summary>
    /// Creates a <c>pending</c> record holding <paramref name="digest"/> and <paramref name="sealedBundle"/> (for the
    /// sweeper), expiring at <paramref name="expiresAt"/>, unless one exists; then says what the existing one means.
    /// </summary>
    Task<ReplayCheck> BeginPublishAsync(string senderMemberId, ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> digest,
        DateTimeOffset expiresAt, ReadOnlyMemory<byte> sealedBundle, CancellationToken cancellationToken = default);

    /// <summary>Marks the record <c>committed</c> with the receipt (keeping the digest, dropping the sealed bytes).</summary>
    Task<CommitStatus> CommitPublishAsync(string senderMemberId, ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> receipt,
        CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> publishes still <c>pending</c> that began before <paramref name="olderThan"/>, oldest first.</summary>
    Task<IReadOnlyList<PendingPublish>> ListPendingAsync(DateTimeOffset olderThan, int max, CancellationToken cancellationToken = default);
}
