using Google.Protobuf;
using Isac.Core.Crypto;

namespace Isac.Core.Membership;

/// <summary>
/// The checks shared by the root's key certificates (directory key, broker key): a 32-byte Ed25519 key and a
/// non-empty validity window no longer than the certificate type allows. The root is not supposed to sign a longer
/// one; if it ever does, a stolen key would stay useful for longer than the design allows, so verifiers refuse it too.
/// </summary>
internal static class KeyCertificateFields
{
    public static bool TryCheck(
        string keyName,
        ByteString publicKey,
        long notBeforeMs,
        long notAfterMs,
        TimeSpan maxLifetime,
        out DateTimeOffset notBefore,
        out DateTimeOffset notAfter,
        out string error)
    {
        notAfter = default;
        if (publicKey.Length != Signatures.PublicKeyLength)
        {
            notBefore = default;
            error = $"the {keyName} must be {Signatures.PublicKeyLength} bytes, not {publicKey.Length}";
            return false;
        }

        if (!UnixMilliseconds.TryToDateTimeOffset(notBeforeMs, out notBefore)
            || !UnixMilliseconds.TryToDateTimeOffset(notAfterMs, out notAfter)
            || notBefore >= notAfter)
        {
            error = $"the {keyName}'s certificate has a validity window that is out of range or empty";
            return false;
        }

        if (notAfter - notBefore > maxLifetime)
        {
            error = $"the {keyName}'s certificate lifetime {notAfter - notBefore} exceeds {maxLifetime}";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
