namespace Isac.Storage;

/// <summary>The outcome of <see cref="IDirectoryStore.TryPutDirectoryAsync"/>.</summary>
/// <param name="Stored">True when the snapshot replaced the stored one.</param>
/// <param name="CurrentVersion">The version stored after the call.</param>
public sealed record DirectoryPutResult(bool Stored, ulong CurrentVersion)
{
    /// <summary>Why it was not stored, or null when it was.</summary>
    public string? Reason => Stored ? null : $"version is not newer than the stored version {CurrentVersion}";
}
