namespace Isac.Node.Publishing;

/// <summary>The state an outbox send attempt ended in.</summary>
internal enum OutboxOutcomeStatus
{
    /// <summary>Receipted by the broker.</summary>
    Published = 1,

    /// <summary>Kept in the outbox: the broker could not be reached; it is sent later.</summary>
    Queued,

    /// <summary>Refused for good (policy, bad input); not retried.</summary>
    Failed,
}
