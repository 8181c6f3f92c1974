using Isac.Core.Crypto;

namespace Isac.Storage;

/// <summary>
/// One hash chain per broker instance (SHA-256 computed here, appended with a compare-and-set on the chain head),
/// with signed checkpoints of the head.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends a record to <paramref name="brokerId"/>'s chain and returns its position.</summary>
    Task<AuditPosition> AppendAuditAsync(string brokerId, AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> records of the chain from <paramref name="fromSequence"/> (1-based) on.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string brokerId, ulong fromSequence, int max, CancellationToken cancellationToken = default);

    /// <summary>Signs the chain's current head with the broker's key and stores the checkpoint.</summary>
    Task<AuditCheckpoint> WriteCheckpointAsync(string brokerId, SigningKeyPair brokerKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recomputes the chain, compares it with the head, and checks every checkpoint's signature against
    /// <paramref name="brokerPublicKey"/> and its hash against the chain; reports the first bad position.
    /// </summary>
    Task<AuditVerification> VerifyAuditChainAsync(string brokerId, ReadOnlyMemory<byte> brokerPublicKey, CancellationToken cancellationToken = default);
}
