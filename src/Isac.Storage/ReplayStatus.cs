namespace Isac.Storage;

/// <summary>What the replay cache knows about a <c>(sender, bundle id)</c> when a publish begins.</summary>
public enum ReplayStatus
{
    /// <summary>First sight: a <c>pending</c> record was created; go on with the fan-out.</summary>
    New = 1,

    /// <summary>Same digest, fan-out not yet committed (a retry, or a crash): finish the fan-out, then commit.</summary>
    Pending = 2,

    /// <summary>Same digest, already committed: answer with the stored receipt (idempotent retry).</summary>
    Committed = 3,

    /// <summary>Another digest under the same bundle id: a replay, refused.</summary>
    Conflict = 4,
}
