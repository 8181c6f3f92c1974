namespace Isac.Node.LocalStore;

/// <summary>An outbox item as stored.</summary>
/// <param name="Id">The bundle id it is (or will be) sealed under.</param>
/// <param name="Request">The unsealed request, for re-sealing.</param>
/// <param name="Sealed">The exact <c>SealedBundle</c> bytes; null while not yet sealed.</param>
/// <param name="State">Where it is in its life.</param>
/// <param name="CreatedAt">When it was enqueued.</param>
/// <param name="Attempts">How many publish attempts failed so far.</param>
/// <param name="LastError">The last attempt's error, if any.</param>
/// <param name="Receipt">The broker's <c>SignedReceipt</c> bytes once published.</param>
/// <param name="Supersedes">The id of the stale item this one replaced, if any.</param>
internal sealed record OutboxEntry(
    byte[] Id,
    OutboxRequest Request,
    byte[]? Sealed,
    OutboxState State,
    DateTimeOffset CreatedAt,
    int Attempts,
    string? LastError,
    byte[]? Receipt,
    byte[]? Supersedes);
