using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.V1;
using Microsoft.Extensions.Time.Testing;

namespace Isac.Core.Tests.TestSupport;

/// <summary>
/// A trust chain with a root-certified broker key, a sender and a recipient with real keys, and helpers to seal at a
/// chosen time, sign receipts and deliver: what the receipt and revocation cut-off checks need.
/// </summary>
internal sealed class ReceiptWorld
{
    public const string Sender = "cert-national";
    public const string Recipient = "office-ohio";

    public ReceiptWorld()
    {
        BrokerCertificate = Chain.Root.CertifyBrokerKey(BrokerKey.PublicKey, "broker-1", Start.AddDays(-1), Start.AddDays(30));
        SenderMember = NewMember(Sender, SenderSigning, EncryptionKeyPair.Generate());
        RecipientMember = NewMember(Recipient, SigningKeyPair.Generate(), RecipientEncryption);
    }

    public static DateTimeOffset Start => DirectoryTestChain.Start;

    public DirectoryTestChain Chain { get; } = new();

    public FakeTimeProvider Time => Chain.Time;

    public SigningKeyPair BrokerKey { get; } = SigningKeyPair.Generate();

    public SignedBrokerKeyCertificate BrokerCertificate { get; }

    public SigningKeyPair SenderSigning { get; } = SigningKeyPair.Generate();

    public EncryptionKeyPair RecipientEncryption { get; } = EncryptionKeyPair.Generate();

    public Member SenderMember { get; }

    public Member RecipientMember { get; }

    /// <summary>A verified snapshot of both members, the broker key and <paramref name="revocations"/>.</summary>
    public VerifiedDirectory Directory(params Revocation[] revocations) => Verify(Chain.Publisher.Sign(
        1, Time.GetUtcNow(), TimeSpan.FromHours(6), [Chain.Root.SignCard(MemberCards.ToCard(SenderMember)), Chain.Root.SignCard(MemberCards.ToCard(RecipientMember))],
        revocations, [BrokerCertificate]));

    public VerifiedDirectory Verify(SignedDirectorySnapshot snapshot)
    {
        var verification = Chain.Verifier.Verify(snapshot, lastSeen: null);
        return verification.Directory ?? throw new InvalidOperationException(verification.ToString());
    }

    /// <summary>A revocation of every key of the sender at <paramref name="at"/>.</summary>
    public static Revocation RevokeSender(DateTimeOffset at) =>
        new() { MemberId = Sender, RevokedAtMs = at.ToUnixTimeMilliseconds(), Reason = "signing key stolen" };

    /// <summary>A TLP:AMBER bundle from the sender to the recipient, created at <paramref name="createdAt"/> by the sender's clock.</summary>
    public SealedBundle Seal(DateTimeOffset createdAt)
    {
        var audience = new V1.Audience();
        audience.Members.Add(Recipient);
        var bundle = new Bundle { Kind = BundleKind.Advisory, ContentType = "text/markdown", Payload = ByteString.CopyFromUtf8("block evil.example") };
        return new Sealer(Sender, SenderSigning, new FakeTimeProvider(createdAt)).Seal(new SealRequest(bundle, Tlp.Amber, audience, [RecipientMember], 1));
    }

    /// <summary>The broker's receipt for <paramref name="sealedBundle"/>, signed by <paramref name="key"/> (default: the certified broker key).</summary>
    public SignedReceipt ReceiptFor(SealedBundle sealedBundle, DateTimeOffset acceptedAt, SigningKeyPair? key = null, Action<Receipt>? change = null)
    {
        var header = RoutingHeader.Parser.ParseFrom(sealedBundle.Header);
        var receipt = new Receipt
        {
            BundleId = header.BundleId,
            SenderMemberId = header.SenderMemberId,
            AcceptedAtMs = acceptedAt.ToUnixTimeMilliseconds(),
            RecipientCount = header.RecipientCount,
            AuditPosition = new AuditPosition { BrokerId = "broker-1", Sequence = 7 },
            CiphertextSha256 = header.CiphertextSha256,
        };
        change?.Invoke(receipt);
        var signer = key ?? BrokerKey;
        var bytes = receipt.ToByteArray();
        return new SignedReceipt
        {
            Receipt = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(signer.Sign(SignatureContext.Receipt, bytes)),
            BrokerKeyId = ByteString.CopyFrom(signer.KeyId),
        };
    }

    public static Delivery DeliveryFor(SealedBundle sealedBundle, SignedReceipt receipt)
    {
        var delivery = Deliveries.For(sealedBundle, new MerkleTree(sealedBundle.Entries.Select(e => e.Memory).ToArray()), 0);
        delivery.Receipt = receipt;
        return delivery;
    }

    public Opener RecipientOpener() => new(Recipient, [RecipientEncryption]);

    private static Member NewMember(string id, SigningKeyPair signing, EncryptionKeyPair encryption) =>
        new(id, $"org of {id}", new HashSet<Role> { id == Sender ? Role.Cert : Role.ElectionOffice }, Tlp.Red, new HashSet<string>(StringComparer.Ordinal) { "election-sector" },
            new HashSet<string>(StringComparer.Ordinal), signing.PublicKey, encryption.PublicKey, Start.AddDays(-30), Start.AddDays(335));
}
