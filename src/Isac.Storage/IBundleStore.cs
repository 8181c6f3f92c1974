namespace Isac.Storage;

/// <summary>Stores each bundle once; mailbox entries refer to it by id.</summary>
public interface IBundleStore
{
    /// <summary>
    /// Stores the bundle unless it is there (idempotent), kept for <paramref name="retention"/> (default
    /// <see cref="StoreOptions.BundleRetention"/>); storing it again only ever extends its life. Returns true when it was new.
    /// </summary>
    Task<bool> PutBundleAsync(ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> signature,
        ReadOnlyMemory<byte> ciphertext, TimeSpan? retention = null, CancellationToken cancellationToken = default);

    /// <summary>The stored bundle, or null when it was never stored or has expired.</summary>
    Task<StoredBundle?> GetBundleAsync(ReadOnlyMemory<byte> bundleId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the broker's signed receipt beside the bundle unless one is already there (the first writer wins, so
    /// concurrent finishers of one publish agree on one receipt) and returns the stored receipt. Throws
    /// <see cref="InvalidOperationException"/> when the bundle is not stored.
    /// </summary>
    Task<byte[]> AttachReceiptAsync(ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> signedReceipt, CancellationToken cancellationToken = default);
}
