namespace Isac.Storage;

/// <summary>A stored audit record with its position and chain hash.</summary>
/// <param name="Position">Where it sits.</param>
/// <param name="Hash">SHA-256(previous hash || sequence || record bytes), as stored.</param>
/// <param name="Record">The decoded record.</param>
public sealed record AuditEntry(AuditPosition Position, byte[] Hash, AuditRecord Record);
