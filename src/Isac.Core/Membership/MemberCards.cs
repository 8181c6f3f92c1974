using System.Diagnostics.CodeAnalysis;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.V1;

namespace Isac.Core.Membership;

/// <summary>
/// Conversion between the wire <see cref="MemberCard"/> and <see cref="Member"/>, with the checks every card must
/// pass on both sides: ids of the form <c>[a-z0-9][a-z0-9.:-]{0,63}</c>, 32-byte keys, at least one known role,
/// a known clearance, no duplicates, and <c>not_before &lt; not_after</c>.
/// </summary>
public static class MemberCards
{
    /// <summary>The longest member or community id, in characters.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The longest organization name or contact, in characters.</summary>
    public const int MaxTextLength = 256;

    /// <summary>
    /// True if <paramref name="id"/> is a valid member or community id: <c>[a-z0-9][a-z0-9.:-]{0,63}</c>, the
    /// whole string (a loop rather than a regular expression, whose <c>$</c> would also accept a trailing newline).
    /// </summary>
    public static bool IsValidId([NotNullWhen(true)] string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !IsLowerAlphanumeric(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!IsLowerAlphanumeric(c) && c is not ('.' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Converts a card to a <see cref="Member"/>, or returns false with <paramref name="error"/> saying which
    /// field is invalid. Contacts are not part of <see cref="Member"/> and are only checked.
    /// </summary>
    public static bool TryToMember(MemberCard card, [NotNullWhen(true)] out Member? member, out string error)
    {
        ArgumentNullException.ThrowIfNull(card);
        member = null;
        error = Validate(card, out var roles, out var notBefore, out var notAfter) ?? string.Empty;
        if (error.Length > 0)
        {
            return false;
        }

        member = new Member(
            card.MemberId,
            card.Organization,
            roles,
            (Tlp)card.Clearance,
            card.Communities.ToHashSet(StringComparer.Ordinal),
            card.Clients.ToHashSet(StringComparer.Ordinal),
            card.SigningPublicKey.ToByteArray(),
            card.EncryptionPublicKey.ToByteArray(),
            notBefore,
            notAfter);
        return true;
    }

    /// <summary>Converts a card to a <see cref="Member"/>; throws <see cref="ArgumentException"/> if it is invalid.</summary>
    public static Member ToMember(MemberCard card) =>
        TryToMember(card, out var member, out var error) ? member : throw new ArgumentException(error, nameof(card));

    /// <summary>
    /// Builds the card for <paramref name="member"/> (sets sorted, so equal members give equal bytes) and checks
    /// it; throws <see cref="ArgumentException"/> if the member would make an invalid card.
    /// </summary>
    public static MemberCard ToCard(Member member, IEnumerable<string>? contacts = null)
    {
        ArgumentNullException.ThrowIfNull(member);
        var card = new MemberCard
        {
            MemberId = member.MemberId,
            Organization = member.Organization,
            Clearance = (TlpLabel)member.Clearance,
            SigningPublicKey = Google.Protobuf.ByteString.CopyFrom(member.SigningPublicKey),
            EncryptionPublicKey = Google.Protobuf.ByteString.CopyFrom(member.EncryptionPublicKey),
            NotBeforeMs = UnixMilliseconds.From(member.NotBefore),
            NotAfterMs = UnixMilliseconds.From(member.NotAfter),
        };
        card.Roles.AddRange(member.Roles.Order().Select(role => (MemberRole)role));
        card.Communities.AddRange(member.Communities.Order(StringComparer.Ordinal));
        card.Clients.AddRange(member.Clients.Order(StringComparer.Ordinal));
        if (contacts is not null)
        {
            card.Contacts.AddRange(contacts);
        }

        var error = Validate(card, out _, out _, out _);
        return error is null ? card : throw new ArgumentException(error, nameof(member));
    }

    private static string? Validate(MemberCard card, out HashSet<Role> roles, out DateTimeOffset notBefore, out DateTimeOffset notAfter)
    {
        roles = [];
        notBefore = notAfter = default;
        if (!IsValidId(card.MemberId))
        {
            return "member_id is not of the form [a-z0-9][a-z0-9.:-]{0,63}";
        }

        if (string.IsNullOrWhiteSpace(card.Organization) || card.Organization.Length > MaxTextLength)
        {
            return $"organization must be 1 to {MaxTextLength} characters";
        }

        if (card.Roles.Count == 0)
        {
            return "a card needs at least one role";
        }

        foreach (var role in card.Roles)
        {
            if (role == MemberRole.Unspecified || !Enum.IsDefined(role))
            {
                return $"role {(int)role} is not a known role";
            }

            if (!roles.Add((Role)role))
            {
                return $"role {role} is listed twice";
            }
        }

        if (card.Clearance == TlpLabel.Unspecified || !Enum.IsDefined(card.Clearance))
        {
            return $"clearance {(int)card.Clearance} is not a known TLP label";
        }

        var listError = ValidateIds(card.Communities, "community") ?? ValidateIds(card.Clients, "client");
        if (listError is not null)
        {
            return listError;
        }

        if (card.Contacts.Any(contact => string.IsNullOrWhiteSpace(contact) || contact.Length > MaxTextLength))
        {
            return $"every contact must be 1 to {MaxTextLength} characters";
        }

        if (card.SigningPublicKey.Length != Signatures.PublicKeyLength)
        {
            return $"signing_public_key must be {Signatures.PublicKeyLength} bytes, not {card.SigningPublicKey.Length}";
        }

        if (card.EncryptionPublicKey.Length != EncryptionKeyPair.KeyLength)
        {
            return $"encryption_public_key must be {EncryptionKeyPair.KeyLength} bytes, not {card.EncryptionPublicKey.Length}";
        }

        if (!UnixMilliseconds.TryToDateTimeOffset(card.NotBeforeMs, out notBefore)
            || !UnixMilliseconds.TryToDateTimeOffset(card.NotAfterMs, out notAfter))
        {
            return "not_before_ms or not_after_ms is out of range";
        }

        return notBefore < notAfter ? null : "not_before_ms must be earlier than not_after_ms";
    }

    private static string? ValidateIds(IEnumerable<string> ids, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!IsValidId(id))
            {
                return $"a {what} id is not of the form [a-z0-9][a-z0-9.:-]{{0,63}}";
            }

            if (!seen.Add(id))
            {
                return $"{what} '{id}' is listed twice";
            }
        }

        return null;
    }

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
