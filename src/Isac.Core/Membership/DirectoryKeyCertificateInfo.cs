using System.Diagnostics.CodeAnalysis;
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

        if (!KeyCertificateFields.TryCheck("directory key", certificate.PublicKey, certificate.NotBeforeMs, certificate.NotAfterMs,
                GovernanceRoot.MaxDirectoryKeyLifetime, out var notBefore, out var notAfter, out error))
        {
            return false;
        }

        var publicKey = certificate.PublicKey.ToByteArray();
        info = new DirectoryKeyCertificateInfo(publicKey, Crypto.KeyId.Of(publicKey), notBefore, notAfter);
        error = string.Empty;
        return true;
    }
}
