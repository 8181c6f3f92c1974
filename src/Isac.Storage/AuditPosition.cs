namespace Isac.Storage;

/// <summary>Where a record sits: its broker's chain and its sequence there (1, 2, ...).</summary>
/// <param name="BrokerId">The broker instance whose chain holds the record.</param>
/// <param name="Sequence">The record's sequence in that chain.</param>
public sealed record AuditPosition(string BrokerId, ulong Sequence);
