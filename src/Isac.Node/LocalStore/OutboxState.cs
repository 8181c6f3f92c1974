namespace Isac.Node.LocalStore;

/// <summary>Where an outbox item is in its life.</summary>
internal enum OutboxState
{
    /// <summary>Persisted, not yet receipted by the broker: the sender keeps retrying.</summary>
    Pending = 1,

    /// <summary>The broker returned a receipt (stored with the item).</summary>
    Published = 2,

    /// <summary>The broker refused it for good (policy, bad request); retrying would not help.</summary>
    Failed = 3,

    /// <summary>Re-sealed under a new id (it went stale before it was receipted); the new item supersedes it.</summary>
    Superseded = 4,
}
