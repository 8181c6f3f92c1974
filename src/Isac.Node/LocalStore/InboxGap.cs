namespace Isac.Node.LocalStore;

/// <summary>
/// Mailbox sequences the broker reported as lost (expired before delivery): kept in the inbox as an entry of
/// its own so that users see the hole instead of a silently shorter list.
/// </summary>
/// <param name="FromSequence">First lost mailbox sequence.</param>
/// <param name="ToSequence">Last lost mailbox sequence.</param>
/// <param name="Reason">The broker's reason.</param>
/// <param name="ReceivedAt">When this node was told.</param>
internal sealed record InboxGap(ulong FromSequence, ulong ToSequence, string Reason, DateTimeOffset ReceivedAt);
