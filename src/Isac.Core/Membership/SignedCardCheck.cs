using Isac.Core.Crypto;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Membership;

/// <summary>What <see cref="SignedCardCheck.Check"/> found wrong with a signed member card.</summary>
public enum SignedCardError
{
    /// <summary>The card passed every check.</summary>
    None = 0,

    /// <summary>The card bytes are not a canonical <c>isac.v1.MemberCard</c>.</summary>
    Malformed,

    /// <summary>The card does not carry the pinned governance root's signature.</summary>
    NotSignedByRoot,

    /// <summary>The card parses and is signed, but its fields are invalid (ids, keys, validity).</summary>
    Invalid,
}

/// <summary>
/// The checks every reader of root-signed cards makes, in this order: canonical bytes, the governance root's
/// signature (context <c>isac/v1/card</c>), valid fields. The directory verifier, the identity service's roster
/// and the broker's admin API all use it, so they accept exactly the same cards.
/// </summary>
/// <param name="Error">What is wrong, or <see cref="SignedCardError.None"/>.</param>
/// <param name="Card">The parsed card (null only when <see cref="SignedCardError.Malformed"/>).</param>
/// <param name="Member">The member it describes (set only when the card passed).</param>
/// <param name="Detail">The parser's or the field check's message for <c>Malformed</c> and <c>Invalid</c>; empty otherwise.</param>
public sealed record SignedCardCheck(SignedCardError Error, MemberCard? Card, Member? Member, string Detail)
{
    /// <summary>True when the card passed every check.</summary>
    public bool Passed => Error == SignedCardError.None;

    /// <summary>Checks <paramref name="signedCard"/> against the governance root <paramref name="rootPublicKey"/>.</summary>
    public static SignedCardCheck Check(SignedMemberCard signedCard, ReadOnlySpan<byte> rootPublicKey)
    {
        ArgumentNullException.ThrowIfNull(signedCard);
        if (!CanonicalProto.TryParse(MemberCard.Parser, signedCard.Card.Span, out var card, out var parseError))
        {
            return new SignedCardCheck(SignedCardError.Malformed, null, null, parseError);
        }

        if (!Signatures.Verify(rootPublicKey, SignatureContext.Card, signedCard.Card.Span, signedCard.Signature.Span))
        {
            return new SignedCardCheck(SignedCardError.NotSignedByRoot, card, null, string.Empty);
        }

        return MemberCards.TryToMember(card, out var member, out var error)
            ? new SignedCardCheck(SignedCardError.None, card, member, string.Empty)
            : new SignedCardCheck(SignedCardError.Invalid, card, null, error);
    }
}
