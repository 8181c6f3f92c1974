using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Membership;

/// <summary>
/// The online directory key with its root certificate: signs directory snapshots (context
/// <see cref="SignatureContext.Directory"/>). It only assembles cards the root already signed; it cannot make
/// a card, so a stolen directory key can at most withhold a card or a revocation until its certificate expires.
/// </summary>
public sealed class DirectoryPublisher
{
    /// <summary>The default lifetime of a snapshot (DESIGN: hours).</summary>
    public static readonly TimeSpan DefaultSnapshotLifetime = TimeSpan.FromHours(6);

    private readonly SigningKeyPair _key;
    private readonly SignedDirectoryKeyCertificate _certificate;
    private readonly DirectoryKeyCertificateInfo _info;

    /// <summary>
    /// Wraps the directory key pair and its certificate. Throws <see cref="ArgumentException"/> if the
    /// certificate is malformed or certifies another key. The root's signature is not checked here (the
    /// publisher need not know the root); every verifier checks it.
    /// </summary>
    public DirectoryPublisher(SigningKeyPair directoryKey, SignedDirectoryKeyCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(directoryKey);
        ArgumentNullException.ThrowIfNull(certificate);
        if (!DirectoryKeyCertificateInfo.TryParse(certificate.Certificate.Span, out var info, out var error))
        {
            throw new ArgumentException($"invalid directory-key certificate: {error}", nameof(certificate));
        }

        if (!info.PublicKey.AsSpan().SequenceEqual(directoryKey.PublicKey))
        {
            throw new ArgumentException("the certificate certifies another key than this directory key", nameof(certificate));
        }

        _key = directoryKey;
        _certificate = certificate.Clone();
        _info = info;
    }

    /// <summary>The key id of the directory key, written into every snapshot.</summary>
    public byte[] KeyId => _key.KeyId;

    /// <summary>Start of the certificate's validity.</summary>
    public DateTimeOffset CertificateNotBefore => _info.NotBefore;

    /// <summary>End of the certificate's validity; a new key must be certified before then.</summary>
    public DateTimeOffset CertificateNotAfter => _info.NotAfter;

    /// <summary>Signs a snapshot that expires <see cref="DefaultSnapshotLifetime"/> after <paramref name="issuedAt"/>.</summary>
    public SignedDirectorySnapshot Sign(ulong version, DateTimeOffset issuedAt, IEnumerable<SignedMemberCard> cards, IEnumerable<Revocation> revocations) =>
        Sign(version, issuedAt, DefaultSnapshotLifetime, cards, revocations);

    /// <summary>
    /// Serializes and signs a snapshot. Throws <see cref="ArgumentException"/> for a version of 0, a lifetime
    /// that is not positive or longer than <see cref="GovernanceRoot.MaxDirectoryKeyLifetime"/>, an issue time
    /// outside the certificate, a malformed card, two cards of one member, or a malformed revocation: whatever a
    /// verifier would refuse is refused here first. Card signatures are not checked (the publisher need not know
    /// the root); a verifier refuses a snapshot holding a card the root did not sign.
    /// </summary>
    public SignedDirectorySnapshot Sign(
        ulong version,
        DateTimeOffset issuedAt,
        TimeSpan lifetime,
        IEnumerable<SignedMemberCard> cards,
        IEnumerable<Revocation> revocations) =>
        Sign(version, issuedAt, lifetime, cards, revocations, []);

    /// <summary>
    /// As <see cref="Sign(ulong, DateTimeOffset, TimeSpan, IEnumerable{SignedMemberCard}, IEnumerable{Revocation})"/>,
    /// also listing the root-certified broker keys that sign receipts (<paramref name="brokerKeys"/>; a malformed
    /// certificate is refused, its root signature is left to the verifiers).
    /// </summary>
    public SignedDirectorySnapshot Sign(
        ulong version,
        DateTimeOffset issuedAt,
        TimeSpan lifetime,
        IEnumerable<SignedMemberCard> cards,
        IEnumerable<Revocation> revocations,
        IEnumerable<SignedBrokerKeyCertificate> brokerKeys)
    {
        ArgumentNullException.ThrowIfNull(brokerKeys);
        ArgumentNullException.ThrowIfNull(cards);
        ArgumentNullException.ThrowIfNull(revocations);
        ArgumentOutOfRangeException.ThrowIfZero(version);
        if (lifetime <= TimeSpan.Zero || lifetime > GovernanceRoot.MaxDirectoryKeyLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"a snapshot lives more than zero and at most {GovernanceRoot.MaxDirectoryKeyLifetime}");
        }

        if (issuedAt < _info.NotBefore || issuedAt > _info.NotAfter)
        {
            throw new ArgumentOutOfRangeException(nameof(issuedAt), issuedAt, $"the directory key is certified from {_info.NotBefore:O} to {_info.NotAfter:O}");
        }

        var snapshot = new DirectorySnapshot
        {
            Version = version,
            IssuedAtMs = UnixMilliseconds.From(issuedAt),
            ExpiresAtMs = UnixMilliseconds.From(issuedAt + lifetime),
            DirectoryKeyId = ByteString.CopyFrom(_key.KeyId),
        };

        var memberIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signedCard in cards)
        {
            ArgumentNullException.ThrowIfNull(signedCard, nameof(cards));
            if (!CanonicalProto.TryParse(MemberCard.Parser, signedCard.Card.Span, out var card, out var error)
                || !MemberCards.TryToMember(card, out _, out error))
            {
                throw new ArgumentException($"invalid member card: {error}", nameof(cards));
            }

            if (!memberIds.Add(card.MemberId))
            {
                throw new ArgumentException($"member '{card.MemberId}' has two cards", nameof(cards));
            }

            snapshot.Cards.Add(signedCard.Clone());
        }

        foreach (var revocation in revocations)
        {
            ArgumentNullException.ThrowIfNull(revocation, nameof(revocations));
            if (!MemberRevocation.TryFrom(revocation, out _, out var error))
            {
                throw new ArgumentException(error, nameof(revocations));
            }

            snapshot.Revocations.Add(revocation.Clone());
        }

        foreach (var brokerKey in brokerKeys)
        {
            ArgumentNullException.ThrowIfNull(brokerKey, nameof(brokerKeys));
            if (!CertifiedBrokerKey.TryParse(brokerKey.Certificate.Span, out _, out var error))
            {
                throw new ArgumentException($"invalid broker-key certificate: {error}", nameof(brokerKeys));
            }

            snapshot.BrokerKeys.Add(brokerKey.Clone());
        }

        var bytes = snapshot.ToByteArray();
        return new SignedDirectorySnapshot
        {
            Snapshot = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(_key.Sign(SignatureContext.Directory, bytes)),
            DirectoryKey = _certificate.Clone(),
        };
    }
}
