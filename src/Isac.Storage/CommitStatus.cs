namespace Isac.Storage;

/// <summary>The outcome of <see cref="IReplayCache.CommitPublishAsync"/>.</summary>
public enum CommitStatus
{
    /// <summary>The record went from <c>pending</c> to <c>committed</c> with the receipt.</summary>
    Committed = 1,

    /// <summary>It was already committed (by a concurrent retry or the sweeper); the stored receipt is kept.</summary>
    AlreadyCommitted = 2,

    /// <summary>No record: it expired (the publish took longer than its replay window) or was never begun.</summary>
    NotFound = 3,
}
