namespace Isac.Storage;

/// <summary>A publish left <c>pending</c> (its broker crashed or is slow) that the sweeper should finish.</summary>
/// <param name="SenderMemberId">The sender.</param>
/// <param name="BundleId">The 16-byte bundle id.</param>
/// <param name="Digest">The digest the publish began with.</param>
/// <param name="SealedBundle">The sealed bundle bytes, to redo the fan-out.</param>
/// <param name="BeganAt">When the publish began.</param>
public sealed record PendingPublish(string SenderMemberId, byte[] BundleId, byte[] Digest, byte[] SealedBundle, DateTimeOffset BeganAt);
