using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.V1;
using Microsoft.Extensions.Time.Testing;

namespace Isac.Core.Tests.TestSupport;

/// <summary>
/// A whole trust chain for tests: a governance root, a directory key certified from one hour before
/// <see cref="Start"/> for 24 hours, a publisher, and a verifier pinned to the root on a fake clock at
/// <see cref="Start"/>. Also builds raw, deliberately broken snapshots the publisher would refuse to make.
/// </summary>
internal sealed class DirectoryTestChain
{
    public static readonly DateTimeOffset Start = new(2026, 11, 3, 6, 0, 0, TimeSpan.Zero);

    public DirectoryTestChain()
    {
        Root = new GovernanceRoot(RootKey);
        Certificate = Root.CertifyDirectoryKey(DirectoryKey.PublicKey, Start.AddHours(-1), Start.AddHours(23));
        Publisher = new DirectoryPublisher(DirectoryKey, Certificate);
        Verifier = new DirectoryVerifier(RootKey.PublicKey, Time);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public SigningKeyPair RootKey { get; } = SigningKeyPair.Generate();

    public GovernanceRoot Root { get; }

    public SigningKeyPair DirectoryKey { get; } = SigningKeyPair.Generate();

    public SignedDirectoryKeyCertificate Certificate { get; }

    public DirectoryPublisher Publisher { get; }

    public DirectoryVerifier Verifier { get; }

    /// <summary>A valid card with fresh keys, valid from 30 days before <see cref="Start"/> for a year.</summary>
    public static MemberCard Card(string memberId, Role role = Role.Cert, Tlp clearance = Tlp.Red)
    {
        var card = new MemberCard
        {
            MemberId = memberId,
            Organization = $"Organization of {memberId}",
            Clearance = (TlpLabel)clearance,
            SigningPublicKey = ByteString.CopyFrom(SigningKeyPair.Generate().PublicKey),
            EncryptionPublicKey = ByteString.CopyFrom(EncryptionKeyPair.Generate().PublicKey),
            NotBeforeMs = Start.AddDays(-30).ToUnixTimeMilliseconds(),
            NotAfterMs = Start.AddDays(335).ToUnixTimeMilliseconds(),
        };
        card.Roles.Add((MemberRole)role);
        card.Communities.Add("election-sector");
        card.Contacts.Add($"soc@{memberId}.example");
        return card;
    }

    public SignedMemberCard SignedCard(string memberId) => Root.SignCard(Card(memberId));

    /// <summary>A snapshot signed by the chain's publisher, issued at the fake clock's current time.</summary>
    public SignedDirectorySnapshot Publish(ulong version, IEnumerable<SignedMemberCard> cards, IEnumerable<Revocation>? revocations = null) =>
        Publisher.Sign(version, Time.GetUtcNow(), cards, revocations ?? []);

    /// <summary>An unsigned snapshot naming the chain's directory key, issued now, expiring in 6 hours.</summary>
    public DirectorySnapshot RawSnapshot(ulong version, params SignedMemberCard[] cards)
    {
        var snapshot = new DirectorySnapshot
        {
            Version = version,
            IssuedAtMs = Time.GetUtcNow().ToUnixTimeMilliseconds(),
            ExpiresAtMs = Time.GetUtcNow().AddHours(6).ToUnixTimeMilliseconds(),
            DirectoryKeyId = ByteString.CopyFrom(DirectoryKey.KeyId),
        };
        snapshot.Cards.Add(cards);
        return snapshot;
    }

    /// <summary>Signs arbitrary snapshot bytes with the chain's directory key and certificate.</summary>
    public SignedDirectorySnapshot SignRaw(byte[] snapshotBytes) => SignRaw(snapshotBytes, DirectoryKey, Certificate);

    public SignedDirectorySnapshot SignRaw(DirectorySnapshot snapshot) => SignRaw(snapshot.ToByteArray());

    public static SignedDirectorySnapshot SignRaw(byte[] snapshotBytes, SigningKeyPair key, SignedDirectoryKeyCertificate certificate) =>
        new()
        {
            Snapshot = ByteString.CopyFrom(snapshotBytes),
            Signature = ByteString.CopyFrom(key.Sign(SignatureContext.Directory, snapshotBytes)),
            DirectoryKey = certificate,
        };

    /// <summary>A card signed by <paramref name="key"/> under <paramref name="context"/>: not a root card signature.</summary>
    public static SignedMemberCard SignCardWith(MemberCard card, SigningKeyPair key, SignatureContext context)
    {
        var bytes = card.ToByteArray();
        return new SignedMemberCard { Card = ByteString.CopyFrom(bytes), Signature = ByteString.CopyFrom(key.Sign(context, bytes)) };
    }

    /// <summary>A directory-key certificate signed by <paramref name="signer"/> with the given window.</summary>
    public static SignedDirectoryKeyCertificate CertifyWith(SigningKeyPair signer, byte[] publicKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var bytes = new DirectoryKeyCertificate
        {
            PublicKey = ByteString.CopyFrom(publicKey),
            NotBeforeMs = notBefore.ToUnixTimeMilliseconds(),
            NotAfterMs = notAfter.ToUnixTimeMilliseconds(),
        }.ToByteArray();
        return new SignedDirectoryKeyCertificate
        {
            Certificate = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(signer.Sign(SignatureContext.DirectoryKey, bytes)),
        };
    }
}
