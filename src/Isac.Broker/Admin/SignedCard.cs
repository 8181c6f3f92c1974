using Isac.Core.Membership;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Broker.Admin;

/// <summary>A root-signed card that passed the checks a node makes: canonical bytes, the root's signature, valid fields.</summary>
/// <param name="Signed">The exact signed card, stored in the roster as received.</param>
/// <param name="Card">The parsed card.</param>
/// <param name="Member">The member it describes.</param>
internal sealed record SignedCard(SignedMemberCard Signed, MemberCard Card, Member Member)
{
    /// <summary>
    /// Checks <paramref name="signed"/> against the governance root, or returns null with <paramref name="refusal"/>
    /// saying exactly what is wrong (<c>InvalidArgument</c>).
    /// </summary>
    public static SignedCard? Check(SignedMemberCard? signed, ReadOnlySpan<byte> rootPublicKey, out AdminRefusedException? refusal)
    {
        refusal = null;
        if (signed is null || signed.Card.IsEmpty)
        {
            refusal = AdminRefusals.CardMissing();
            return null;
        }

        var check = SignedCardCheck.Check(signed, rootPublicKey);
        if (check.Card is not { } card)
        {
            refusal = AdminRefusals.CardMalformed($"the card bytes are not a canonical isac.v1.MemberCard: {check.Detail}");
            return null;
        }

        // Name the member only if its id is well-formed: it ends up in logs and the audit.
        var name = MemberCards.IsValidId(card.MemberId) ? $"the card of '{card.MemberId}'" : "the card";
        if (check.Error == SignedCardError.NotSignedByRoot)
        {
            refusal = AdminRefusals.CardNotSignedByRoot(
                $"{name} does not carry the governance root's signature (Ed25519 over 'isac/v1/card' and the card bytes); sign it offline with the root first");
            return null;
        }

        if (check.Member is not { } member)
        {
            refusal = AdminRefusals.CardInvalid($"{name} is invalid: {check.Detail}");
            return null;
        }

        return new SignedCard(signed, card, member);
    }

    /// <summary>The member id of a roster card, or null if its bytes do not parse (the roster is the broker's own file).</summary>
    public static string? MemberIdOf(SignedMemberCard signed) => CardOf(signed)?.MemberId;

    /// <summary>The parsed card of a roster entry (signature not checked), or null if its bytes do not parse.</summary>
    public static MemberCard? CardOf(SignedMemberCard signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        return CanonicalProto.TryParse(MemberCard.Parser, signed.Card.Span, out var card, out _) ? card : null;
    }
}
