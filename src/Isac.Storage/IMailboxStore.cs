namespace Isac.Storage;

/// <summary>
/// Per-member mailboxes: an ordered log of entries referring to stored bundles, with an id index so a re-run of a
/// fan-out never adds a bundle twice, and pub/sub wake-ups for live subscribers.
/// </summary>
public interface IMailboxStore
{
    /// <summary>
    /// Appends the member's entry for a bundle in one atomic script (id index, sequence, insert) and wakes the
    /// member's subscribers. A second append of the same bundle id adds nothing and returns the existing sequence.
    /// </summary>
    Task<MailboxAppendResult> AppendAsync(string memberId, ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> recipientEntry,
        ReadOnlyMemory<byte> merkleProof, DateTimeOffset acceptedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="max"/> stored entries after <paramref name="afterSequence"/>, in order, with a
    /// <see cref="MailboxGap"/> wherever sequences are missing or a bundle expired.
    /// </summary>
    Task<IReadOnlyList<MailboxItem>> ReadAsync(string memberId, ulong afterSequence, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Trims the mailbox through <c>min(cursor, deliveredThrough)</c> (never past what was delivered, never past the
    /// last sequence) and returns the sequence the mailbox is acknowledged through.
    /// </summary>
    Task<ulong> AckAsync(string memberId, ulong cursor, ulong deliveredThrough, CancellationToken cancellationToken = default);

    /// <summary>The last sequence assigned in the member's mailbox (0 for an empty one): its head.</summary>
    Task<ulong> GetHeadAsync(string memberId, CancellationToken cancellationToken = default);

    /// <summary>Wakes the member's subscribers without adding anything (e.g. a held-back entry became deliverable). Only a hint.</summary>
    Task WakeAsync(string memberId, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="onWake"/> whenever an entry is added to the member's mailbox (or <see cref="WakeAsync"/> is called), until disposed.</summary>
    Task<IAsyncDisposable> SubscribeAsync(string memberId, Action onWake, CancellationToken cancellationToken = default);
}
