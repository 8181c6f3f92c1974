namespace Isac.Storage;

/// <summary>The current signed directory snapshot; versions only ever go up.</summary>
public interface IDirectoryStore
{
    /// <summary>The stored snapshot, or null when none was stored yet.</summary>
    Task<StoredDirectory?> GetDirectoryAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores the snapshot only if <paramref name="version"/> is greater than the stored one (atomic compare-and-set).</summary>
    Task<DirectoryPutResult> TryPutDirectoryAsync(ulong version, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken = default);
}
