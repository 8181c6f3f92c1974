using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.V1;

namespace Isac.Core.Membership;

/// <summary>
/// The issuing side of the trust chain's anchor: the governance root signs member cards (context
/// <see cref="SignatureContext.Card"/>) and certifies short-lived directory keys (context
/// <see cref="SignatureContext.DirectoryKey"/>) and the broker's receipt key (context
/// <see cref="SignatureContext.BrokerKey"/>). It is kept off the hub's servers; the <c>isac governance</c>
/// commands and tests use it. Each message is serialized once and those exact bytes are signed.
/// </summary>
public sealed class GovernanceRoot
{
    /// <summary>The longest lifetime of a directory-key certificate: a day.</summary>
    public static readonly TimeSpan MaxDirectoryKeyLifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// The longest lifetime of a broker-key certificate: 400 days. The broker key is online too, but it only signs
    /// receipts and checkpoints (it can open nothing and admit no member), and the root is offline, so it is renewed
    /// yearly rather than daily.
    /// </summary>
    public static readonly TimeSpan MaxBrokerKeyLifetime = TimeSpan.FromDays(400);

    private readonly SigningKeyPair _key;

    /// <summary>Wraps the governance root's Ed25519 key pair.</summary>
    public GovernanceRoot(SigningKeyPair key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    /// <summary>The root's public key, which nodes pin at enrollment.</summary>
    public byte[] PublicKey => _key.PublicKey;

    /// <summary>The key id of <see cref="PublicKey"/>.</summary>
    public byte[] KeyId => _key.KeyId;

    /// <summary>
    /// Signs <paramref name="card"/> after checking it with <see cref="MemberCards.TryToMember"/>; throws
    /// <see cref="ArgumentException"/> for an invalid card, so the root never signs one a verifier would refuse.
    /// </summary>
    public SignedMemberCard SignCard(MemberCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (!MemberCards.TryToMember(card, out _, out var error))
        {
            throw new ArgumentException($"refusing to sign an invalid member card: {error}", nameof(card));
        }

        var bytes = card.ToByteArray();
        return new SignedMemberCard
        {
            Card = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(_key.Sign(SignatureContext.Card, bytes)),
        };
    }

    /// <summary>
    /// Certifies <paramref name="publicKey"/> (Ed25519, 32 bytes) as a directory key from
    /// <paramref name="notBefore"/> to <paramref name="notAfter"/> (millisecond precision). Throws
    /// <see cref="ArgumentException"/> for a malformed key, an empty window or a lifetime over
    /// <see cref="MaxDirectoryKeyLifetime"/>: the directory key is online, so its certificate must expire soon.
    /// </summary>
    public SignedDirectoryKeyCertificate CertifyDirectoryKey(byte[] publicKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (publicKey.Length != Signatures.PublicKeyLength)
        {
            throw new ArgumentException($"A directory key is {Signatures.PublicKeyLength} bytes, not {publicKey.Length}.", nameof(publicKey));
        }

        var certificate = new DirectoryKeyCertificate
        {
            PublicKey = ByteString.CopyFrom(publicKey),
            NotBeforeMs = UnixMilliseconds.From(notBefore),
            NotAfterMs = UnixMilliseconds.From(notAfter),
        };
        var bytes = certificate.ToByteArray();

        // The same checks a verifier makes, on the exact bytes about to be signed.
        if (!DirectoryKeyCertificateInfo.TryParse(bytes, out _, out var error))
        {
            throw new ArgumentException($"refusing to certify the directory key: {error}", nameof(notAfter));
        }

        return new SignedDirectoryKeyCertificate
        {
            Certificate = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(_key.Sign(SignatureContext.DirectoryKey, bytes)),
        };
    }

    /// <summary>
    /// Certifies <paramref name="publicKey"/> (Ed25519, 32 bytes) as the receipt and audit-checkpoint key of
    /// <paramref name="brokerId"/> (may be empty) from <paramref name="notBefore"/> to <paramref name="notAfter"/>.
    /// Throws <see cref="ArgumentException"/> for anything a verifier would refuse (see <see cref="CertifiedBrokerKey.TryParse"/>).
    /// </summary>
    public SignedBrokerKeyCertificate CertifyBrokerKey(byte[] publicKey, string brokerId, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(brokerId);
        var certificate = new BrokerKeyCertificate
        {
            PublicKey = ByteString.CopyFrom(publicKey),
            BrokerId = brokerId,
            NotBeforeMs = UnixMilliseconds.From(notBefore),
            NotAfterMs = UnixMilliseconds.From(notAfter),
        };
        var bytes = certificate.ToByteArray();
        if (!CertifiedBrokerKey.TryParse(bytes, out _, out var error))
        {
            throw new ArgumentException($"refusing to certify the broker key: {error}", nameof(publicKey));
        }

        return new SignedBrokerKeyCertificate
        {
            Certificate = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(_key.Sign(SignatureContext.BrokerKey, bytes)),
        };
    }
}
