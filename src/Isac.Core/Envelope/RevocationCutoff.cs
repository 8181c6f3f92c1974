using Isac.Core.Membership;
using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>
/// The revocation cut-off (issue 5): mail from a member revoked since is still good if the broker accepted it
/// before the revocation, by the broker's signed accepted-at, never by the sender's own created-at (a revoked
/// sender's stolen key could backdate that). The sender's card stays in the snapshot beside its revocation, so its
/// signature can still be checked.
/// </summary>
public static class RevocationCutoff
{
    /// <summary>
    /// The directory to open a delivery against: <paramref name="directory"/> itself when the sender is active
    /// (or unknown: the opener refuses it); when the sender is revoked and the receipt's accepted-at is before the
    /// revocation (and inside the card's validity), a view in which the sender's card counts as active. Throws
    /// <see cref="EnvelopeException"/> (<see cref="EnvelopeError.SenderRevoked"/>) naming the revocation and both
    /// times when the broker accepted the bundle at or after the revocation.
    /// </summary>
    public static IMemberDirectory DirectoryFor(RoutingHeader header, VerifiedReceipt receipt, VerifiedDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.FindActive(header.SenderMemberId) is not null
            || directory.FindListed(header.SenderMemberId) is not { Revocation: { } revocation } listed)
        {
            return directory;
        }

        var sender = listed.Member;
        if (receipt.AcceptedAt >= revocation.RevokedAt)
        {
            throw new EnvelopeException(
                EnvelopeError.SenderRevoked,
                $"sender '{sender.MemberId}' was revoked at {revocation.RevokedAt:O} ({revocation.Reason}); the broker accepted this bundle at {receipt.AcceptedAt:O}, not before the revocation");
        }

        if (receipt.AcceptedAt < sender.NotBefore || receipt.AcceptedAt > sender.NotAfter)
        {
            throw new EnvelopeException(
                EnvelopeError.UnknownSender,
                $"the card of '{sender.MemberId}' was not valid when the broker accepted this bundle ({receipt.AcceptedAt:O})");
        }

        return new SenderAsAccepted(directory, sender);
    }

    /// <summary>The directory with one revoked sender's card counted active, for that sender's mail accepted before the revocation.</summary>
    private sealed class SenderAsAccepted(VerifiedDirectory inner, Member sender) : IMemberDirectory
    {
        public ulong Version => inner.Version;

        public Member? FindActive(string memberId) =>
            string.Equals(memberId, sender.MemberId, StringComparison.Ordinal) ? sender : inner.FindActive(memberId);
    }
}
