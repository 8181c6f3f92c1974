using Isac.Core.Labels;
using Isac.V1;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.Node.LocalStore;

/// <summary>
/// A verified, opened bundle as the inbox keeps it: the plaintext fields for listing, and the exact
/// <see cref="Delivery"/> bytes so it can be forwarded (the forward embeds the original signed header and this
/// member's entry and proof) and re-verified later.
/// </summary>
/// <param name="BundleId">The 16-byte bundle id; the inbox holds each id once.</param>
/// <param name="Sender">The sender's member id.</param>
/// <param name="Label">The signed TLP label.</param>
/// <param name="Kind">The bundle kind.</param>
/// <param name="ContentType">The payload's content type.</param>
/// <param name="ExerciseId">Non-empty for a tabletop exercise.</param>
/// <param name="Audience">The audience as the header names it.</param>
/// <param name="CreatedAt">The signed created-at of the header.</param>
/// <param name="ReceivedAt">When this node received it.</param>
/// <param name="Supersedes">The bundle id this one replaces, if any.</param>
/// <param name="ForwardedFromSender">For a forward: the original sender.</param>
/// <param name="MailboxSequence">The mailbox sequence it arrived with (0 if not from the mailbox).</param>
/// <param name="Payload">The plaintext payload; null in listings that leave content out.</param>
/// <param name="Delivery">The exact <c>Delivery</c> bytes; null in listings that leave content out.</param>
internal sealed record InboxBundle(
    byte[] BundleId,
    string Sender,
    Tlp Label,
    BundleKind Kind,
    string ContentType,
    string ExerciseId,
    Audience Audience,
    DateTimeOffset CreatedAt,
    DateTimeOffset ReceivedAt,
    byte[]? Supersedes,
    string? ForwardedFromSender,
    ulong MailboxSequence,
    byte[]? Payload,
    byte[]? Delivery);
