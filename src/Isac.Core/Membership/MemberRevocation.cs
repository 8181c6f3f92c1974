using System.Diagnostics.CodeAnalysis;
using Isac.V1;

namespace Isac.Core.Membership;

/// <summary>A revocation listed in a verified directory snapshot.</summary>
/// <param name="MemberId">The revoked member.</param>
/// <param name="KeyId">The revoked key id (16 bytes), or empty when every key of the member is revoked.</param>
/// <param name="RevokedAt">When the revocation was decided.</param>
/// <param name="Reason">The reason, as the governance recorded it.</param>
public sealed record MemberRevocation(string MemberId, ReadOnlyMemory<byte> KeyId, DateTimeOffset RevokedAt, string Reason)
{
    /// <summary>True if the revocation covers every key of the member.</summary>
    public bool CoversAllKeys => KeyId.IsEmpty;

    /// <summary>True if the revocation covers the key <paramref name="keyId"/> of its member.</summary>
    public bool Covers(ReadOnlySpan<byte> keyId) => CoversAllKeys || KeyId.Span.SequenceEqual(keyId);

    /// <summary>Checks a wire revocation: a valid member id, a key id that is empty or 16 bytes, an in-range time.</summary>
    internal static bool TryFrom(Revocation revocation, [NotNullWhen(true)] out MemberRevocation? result, out string error)
    {
        result = null;
        if (!MemberCards.IsValidId(revocation.MemberId))
        {
            error = "a revocation's member_id is not of the form [a-z0-9][a-z0-9.:-]{0,63}";
            return false;
        }

        if (!revocation.KeyId.IsEmpty && revocation.KeyId.Length != Crypto.KeyId.Length)
        {
            error = $"the revocation of '{revocation.MemberId}' has a key id of {revocation.KeyId.Length} bytes, not 0 or {Crypto.KeyId.Length}";
            return false;
        }

        if (!UnixMilliseconds.TryToDateTimeOffset(revocation.RevokedAtMs, out var revokedAt))
        {
            error = $"the revocation of '{revocation.MemberId}' has an out-of-range revoked_at_ms";
            return false;
        }

        result = new MemberRevocation(revocation.MemberId, revocation.KeyId.ToByteArray(), revokedAt, revocation.Reason);
        error = string.Empty;
        return true;
    }
}
