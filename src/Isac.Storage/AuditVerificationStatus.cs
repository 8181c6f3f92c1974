namespace Isac.Storage;

/// <summary>The verdict of an audit-chain verification.</summary>
public enum AuditVerificationStatus
{
    /// <summary>Every record, the head and every checkpoint check out.</summary>
    Valid = 1,

    /// <summary>A stored record cannot be parsed.</summary>
    Malformed = 2,

    /// <summary>A record's sequence is not the next one (a record was removed, duplicated or moved).</summary>
    SequenceBroken = 3,

    /// <summary>A record's recomputed hash differs from the stored one: the record or its predecessor was altered.</summary>
    RecordAltered = 4,

    /// <summary>The chain head does not match the last record (the log was truncated or extended behind the head's back).</summary>
    HeadMismatch = 5,

    /// <summary>A checkpoint's signature does not verify with the broker's key.</summary>
    CheckpointForged = 6,

    /// <summary>A signed checkpoint names a hash or sequence the chain does not have.</summary>
    CheckpointMismatch = 7,
}
