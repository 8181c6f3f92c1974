namespace Isac.Storage;

/// <summary>Where an entry sits in a mailbox.</summary>
/// <param name="Sequence">The entry's mailbox sequence (1, 2, ...).</param>
/// <param name="Added">False when the mailbox already held this bundle id: nothing was added and this is the existing sequence.</param>
public sealed record MailboxAppendResult(ulong Sequence, bool Added);
