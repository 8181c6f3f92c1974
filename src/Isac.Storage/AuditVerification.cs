namespace Isac.Storage;

/// <summary>The result of verifying one broker's audit chain.</summary>
/// <param name="Status">The verdict.</param>
/// <param name="BrokerId">The chain's broker.</param>
/// <param name="RecordCount">How many records were checked.</param>
/// <param name="CheckpointCount">How many checkpoints were checked.</param>
/// <param name="FirstBadSequence">The first record sequence (or checkpoint sequence) that failed, or null when valid.</param>
/// <param name="Reason">What failed, in words; null when valid.</param>
public sealed record AuditVerification(AuditVerificationStatus Status, string BrokerId, ulong RecordCount, int CheckpointCount,
    ulong? FirstBadSequence, string? Reason)
{
    /// <summary>True when <see cref="Status"/> is <see cref="AuditVerificationStatus.Valid"/>.</summary>
    public bool IsValid => Status == AuditVerificationStatus.Valid;
}
