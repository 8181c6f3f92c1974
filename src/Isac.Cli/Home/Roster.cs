using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Membership;
using Isac.V1;

namespace Isac.Cli.Home;

/// <summary>Adds, revokes and lists the root-signed member cards in the home folder's roster file.</summary>
internal static class Roster
{
    /// <summary>
    /// Signs <paramref name="member"/>'s card with the governance root and puts it in the roster, replacing an
    /// earlier card of the same member only if <paramref name="replace"/> is set. A revoked member id stays revoked.
    /// </summary>
    public static async Task<SignedMemberCard> AddAsync(IsacHome home, GovernanceRoot root, Member member, IEnumerable<string> contacts, bool replace, CancellationToken cancellationToken)
    {
        var roster = await ReadAsync(home, cancellationToken).ConfigureAwait(false);
        if (roster.Revocations.Any(r => r.MemberId == member.MemberId))
        {
            throw new CliException($"member {member.MemberId} is revoked; enrol it under a new member id");
        }

        var existing = roster.Cards.Where(c => CardId(c) == member.MemberId).ToList();
        if (existing.Count > 0 && !replace)
        {
            throw new CliException($"member {member.MemberId} is already in the roster; pass --replace to sign a new card for it");
        }

        MemberCard card;
        try
        {
            card = MemberCards.ToCard(member, contacts);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"invalid member card: {e.Message}", e);
        }

        var signed = root.SignCard(card);
        foreach (var old in existing)
        {
            roster.Cards.Remove(old);
        }

        roster.Cards.Add(signed);
        await RosterFile.WriteAsync(home.RosterPath, roster, cancellationToken).ConfigureAwait(false);
        return signed;
    }

    /// <summary>Revokes every key of <paramref name="memberId"/>; the broker drops it at its next roster read.</summary>
    public static async Task RevokeAsync(IsacHome home, string memberId, string reason, CancellationToken cancellationToken)
    {
        var roster = await ReadAsync(home, cancellationToken).ConfigureAwait(false);
        if (!roster.Cards.Any(c => CardId(c) == memberId))
        {
            throw new CliException($"member {memberId} is not in the roster ({home.RosterPath})");
        }

        if (roster.Revocations.Any(r => r.MemberId == memberId && r.KeyId.IsEmpty))
        {
            throw new CliException($"member {memberId} is already revoked");
        }

        roster.Revocations.Add(new Revocation { MemberId = memberId, RevokedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Reason = reason });
        await RosterFile.WriteAsync(home.RosterPath, roster, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The member's card in the roster (null if none) and whether the member is revoked.</summary>
    public static async Task<(MemberCard? Card, bool Revoked)> FindAsync(IsacHome home, string memberId, CancellationToken cancellationToken)
    {
        var roster = await ReadAsync(home, cancellationToken).ConfigureAwait(false);
        var card = roster.Cards.Select(Parse).FirstOrDefault(c => c?.MemberId == memberId);
        return (card, roster.Revocations.Any(r => r.MemberId == memberId));
    }

    /// <summary>Every card, checked against the pinned root, with its revocation.</summary>
    public static async Task<IReadOnlyList<RosterEntry>> ListAsync(IsacHome home, CancellationToken cancellationToken)
    {
        var rootKey = GovernanceFiles.ReadRootPublicKey(home);
        var roster = await ReadAsync(home, cancellationToken).ConfigureAwait(false);
        var entries = new List<RosterEntry>();
        foreach (var signed in roster.Cards)
        {
            var card = Parse(signed);
            var id = card?.MemberId ?? "(unreadable card)";
            var member = card is not null && MemberCards.TryToMember(card, out var m, out _) ? m : null;
            var valid = Signatures.Verify(rootKey, SignatureContext.Card, signed.Card.Span, signed.Signature.Span);
            var revocation = roster.Revocations.FirstOrDefault(r => r.MemberId == id);
            entries.Add(new RosterEntry(id, member, valid, revocation is null ? null : revocation.Reason.Length > 0 ? revocation.Reason : "revoked"));
        }

        return [.. entries.OrderBy(e => e.MemberId, StringComparer.Ordinal)];
    }

    private static async Task<DirectoryRoster> ReadAsync(IsacHome home, CancellationToken cancellationToken)
    {
        GovernanceFiles.RequireFile(home.RosterPath, "the roster", "isac governance init");
        return await RosterFile.ReadAsync(home.RosterPath, cancellationToken).ConfigureAwait(false);
    }

    private static string? CardId(SignedMemberCard signed) => Parse(signed)?.MemberId;

    private static MemberCard? Parse(SignedMemberCard signed)
    {
        try
        {
            return MemberCard.Parser.ParseFrom(signed.Card);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
