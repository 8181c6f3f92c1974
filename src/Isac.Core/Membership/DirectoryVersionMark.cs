namespace Isac.Core.Membership;

/// <summary>
/// The highest directory version a node or broker has accepted, with the SHA-256 of that snapshot's bytes, so
/// that a snapshot of the same version is accepted only if it is the same snapshot. Persist both values.
/// </summary>
/// <param name="Version">The snapshot version.</param>
/// <param name="SnapshotSha256">Lower-case hex SHA-256 of the signed snapshot bytes (not of the signature).</param>
public sealed record DirectoryVersionMark(ulong Version, string SnapshotSha256);
