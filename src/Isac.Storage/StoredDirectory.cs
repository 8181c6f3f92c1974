namespace Isac.Storage;

/// <summary>The current signed directory snapshot.</summary>
/// <param name="Version">The snapshot's version.</param>
/// <param name="Snapshot">The signed snapshot bytes, exactly as signed.</param>
public sealed record StoredDirectory(ulong Version, byte[] Snapshot);
