using Google.Protobuf;
using Isac.V1;

namespace Isac.Broker.Admin;

/// <summary>How <c>ListMembers</c> describes one roster card: its fields, key ids and status at a given time.</summary>
internal static class MemberEntries
{
    public static MemberEntry Describe(SignedMemberCard signed, IEnumerable<Revocation> revocations, ReadOnlySpan<byte> rootPublicKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var entry = new MemberEntry { Card = signed, MemberId = SignedCard.MemberIdOf(signed) ?? string.Empty };
        entry.Revocations.AddRange(revocations.Where(r => r.MemberId == entry.MemberId && entry.MemberId.Length > 0));
        var checkedCard = SignedCard.Check(signed, rootPublicKey, out var refusal);
        if (checkedCard is null)
        {
            entry.Status = MemberStatus.Invalid;
            entry.StatusDetail = refusal!.Message;
            return entry;
        }

        var card = checkedCard.Card;
        var member = checkedCard.Member;
        entry.Organization = card.Organization;
        entry.Roles.AddRange(card.Roles);
        entry.Clearance = card.Clearance;
        entry.Communities.AddRange(card.Communities);
        entry.Clients.AddRange(card.Clients);
        entry.SigningKeyId = ByteString.CopyFrom(member.SigningKeyId);
        entry.EncryptionKeyId = ByteString.CopyFrom(member.EncryptionKeyId);
        entry.NotBeforeMs = card.NotBeforeMs;
        entry.NotAfterMs = card.NotAfterMs;

        // The same rule as the directory: a revocation of all keys, or of either key of the card, revokes it.
        var revocation = entry.Revocations.FirstOrDefault(r => r.KeyId.IsEmpty
            || r.KeyId.Span.SequenceEqual(member.SigningKeyId) || r.KeyId.Span.SequenceEqual(member.EncryptionKeyId));
        (entry.Status, entry.StatusDetail) = revocation is not null
            ? (MemberStatus.Revoked, $"revoked at {DateTimeOffset.FromUnixTimeMilliseconds(revocation.RevokedAtMs):O}: {revocation.Reason}")
            : now < member.NotBefore ? (MemberStatus.NotYetValid, $"valid from {member.NotBefore:O}")
            : now > member.NotAfter ? (MemberStatus.Expired, $"expired at {member.NotAfter:O}")
            : (MemberStatus.Active, string.Empty);
        return entry;
    }
}
