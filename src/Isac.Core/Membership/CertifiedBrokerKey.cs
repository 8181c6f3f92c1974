using System.Diagnostics.CodeAnalysis;
using Isac.Core.Crypto;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Membership;

/// <summary>
/// A broker signing key certified by the governance root (a <see cref="BrokerKeyCertificate"/>, context
/// <see cref="SignatureContext.BrokerKey"/>): the key that signs receipts and audit checkpoints. A receipt counts
/// only if its accepted-at lies inside the certificate's window, so an expired certificate still vouches for the
/// receipts of mail accepted while it was valid (a node may have been offline since).
/// </summary>
/// <param name="PublicKey">The Ed25519 public key (32 bytes).</param>
/// <param name="KeyId">The key id of <paramref name="PublicKey"/>.</param>
/// <param name="BrokerId">The broker that holds the key, or empty.</param>
/// <param name="NotBefore">Start of the certificate's validity.</param>
/// <param name="NotAfter">End of the certificate's validity.</param>
public sealed record CertifiedBrokerKey(byte[] PublicKey, byte[] KeyId, string BrokerId, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>True if the certificate covers <paramref name="instant"/>.</summary>
    public bool IsValidAt(DateTimeOffset instant) => NotBefore <= instant && instant <= NotAfter;

    /// <summary>
    /// Checks the root's signature over the certificate bytes, then the content: canonical, a 32-byte key, a
    /// non-empty window of at most <see cref="GovernanceRoot.MaxBrokerKeyLifetime"/>.
    /// </summary>
    public static bool TryVerify(ReadOnlySpan<byte> rootPublicKey, SignedBrokerKeyCertificate signedCertificate, [NotNullWhen(true)] out CertifiedBrokerKey? key, out string error)
    {
        ArgumentNullException.ThrowIfNull(signedCertificate);
        key = null;
        if (!Signatures.Verify(rootPublicKey, SignatureContext.BrokerKey, signedCertificate.Certificate.Span, signedCertificate.Signature.Span))
        {
            error = "the broker-key certificate is not signed by the pinned governance root";
            return false;
        }

        return TryParse(signedCertificate.Certificate.Span, out key, out error);
    }

    /// <summary>Checks the certificate content without the root's signature (the broker need not know the root).</summary>
    public static bool TryParse(ReadOnlySpan<byte> certificateBytes, [NotNullWhen(true)] out CertifiedBrokerKey? key, out string error)
    {
        key = null;
        if (!CanonicalProto.TryParse(BrokerKeyCertificate.Parser, certificateBytes, out var certificate, out error))
        {
            return false;
        }

        if (!KeyCertificateFields.TryCheck("broker key", certificate.PublicKey, certificate.NotBeforeMs, certificate.NotAfterMs,
                GovernanceRoot.MaxBrokerKeyLifetime, out var notBefore, out var notAfter, out error))
        {
            return false;
        }

        if (certificate.BrokerId.Length > 0 && !MemberCards.IsValidId(certificate.BrokerId))
        {
            error = "the broker-key certificate's broker_id is not of the form [a-z0-9][a-z0-9.:-]{0,63}";
            return false;
        }

        var publicKey = certificate.PublicKey.ToByteArray();
        key = new CertifiedBrokerKey(publicKey, Crypto.KeyId.Of(publicKey), certificate.BrokerId, notBefore, notAfter);
        error = string.Empty;
        return true;
    }
}
