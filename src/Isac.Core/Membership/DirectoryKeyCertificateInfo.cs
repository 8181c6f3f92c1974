using System.Diagnostics.CodeAnalysis;
using Isac.Core.Crypto;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Membership;

/// <summary>
/// The checked content of a <see cref="DirectoryKeyCertificate"/>: parsed canonically, a 32-byte key and a
/// validity window of at most <see cref="GovernanceRoot.MaxDirectoryKeyLifetime"/>. Checking the root's
/// signature is the caller's job (the publisher may not hold the root key).
/// </summary>
internal sealed record DirectoryKeyCertificateInfo(byte[] PublicKey, byte[] KeyId, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    public static bool TryParse(ReadOnlySpan<byte> certificateBytes, [NotNullWhen(true)] out DirectoryKeyCertificateInfo? info, out string error)
    {
        info = null;
        if (!CanonicalProto.TryParse(DirectoryKeyCertificate.Parser, certificateBytes, out var certificate, out error))
        {
            return false;
        }

        if (certificate.PublicKey.Length != Signatures.PublicKeyLength)
        {
            error = $"the directory key must be {Signatures.PublicKeyLength} bytes, not {certificate.PublicKey.Length}";
            return false;
        }

        if (!UnixMilliseconds.TryToDateTimeOffset(certificate.NotBeforeMs, out var notBefore)
            || !UnixMilliseconds.TryToDateTimeOffset(certificate.NotAfterMs, out var notAfter)
            || notBefore >= notAfter)
        {
            error = "the certificate's validity window is out of range or empty";
            return false;
        }

        // The root is not supposed to sign a longer one; if it ever does, a stolen directory key would stay
        // useful for longer than the design allows, so the verifier refuses it too.
        if (notAfter - notBefore > GovernanceRoot.MaxDirectoryKeyLifetime)
        {
            error = $"the certificate's lifetime {notAfter - notBefore} exceeds {GovernanceRoot.MaxDirectoryKeyLifetime}";
            return false;
        }

        var publicKey = certificate.PublicKey.ToByteArray();
        info = new DirectoryKeyCertificateInfo(publicKey, Crypto.KeyId.Of(publicKey), notBefore, notAfter);
        error = string.Empty;
        return true;
    }
}
