namespace Isac.Storage;

/// <summary>
/// A broker's signed statement of its chain head: (broker id, sequence, head hash, time), signed with context
/// <c>isac/v1/audit-checkpoint</c> over <see cref="Body"/> (layout in <c>Internal/AuditCodec</c>).
/// </summary>
/// <param name="BrokerId">The chain's broker.</param>
/// <param name="Sequence">The head's sequence (0 for an empty chain).</param>
/// <param name="HeadHash">The head record's hash (32 zero bytes for an empty chain).</param>
/// <param name="At">When it was signed.</param>
/// <param name="Body">The exact signed bytes.</param>
/// <param name="Signature">The broker's Ed25519 signature over <see cref="Body"/>.</param>
/// <param name="KeyId">The key id of the signing key.</param>
public sealed record AuditCheckpoint(string BrokerId, ulong Sequence, byte[] HeadHash, DateTimeOffset At, byte[] Body, byte[] Signature, byte[] KeyId);
