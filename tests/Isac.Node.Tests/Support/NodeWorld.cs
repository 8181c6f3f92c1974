using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Pki;
using Isac.V1;
using Microsoft.Extensions.Time.Testing;

namespace Isac.Node.Tests.Support;

/// <summary>
/// A small federation in memory: a governance root, a certified directory key, four members with real keys and
/// root-signed cards, and a hub CA for their client certificates. <see cref="NodeAsync"/> builds one member's node
/// from its real parts (SQLite store, sealer, opener, directory, outbox) around a <see cref="FakeBroker"/>.
/// </summary>
internal sealed class NodeWorld : IDisposable
{
    public const string Cert = "cert-national";
    public const string Ohio = "office-ohio";
    public const string Texas = "office-texas";
    public const string Vendor = "vendor-acme";

    private readonly SigningKeyPair _directoryKey = SigningKeyPair.Generate();
    private readonly DirectoryPublisher _publisher;
    private readonly SignedBrokerKeyCertificate _brokerCertificate;

    public NodeWorld()
    {
        var now = Time.GetUtcNow();
        _publisher = new DirectoryPublisher(_directoryKey, Root.CertifyDirectoryKey(_directoryKey.PublicKey, now.AddMinutes(-5), now.AddHours(23)));
        _brokerCertificate = Root.CertifyBrokerKey(BrokerKey.PublicKey, "broker-test", now.AddDays(-1), now.AddDays(365));
        Add(Cert, "national-cert", Tlp.Red, Role.Cert, ["election-sector"]);
        Add(Ohio, "ohio-sos", Tlp.Amber, Role.ElectionOffice, ["election-sector", "state:ohio"]);
        Add(Texas, "texas-sos", Tlp.Red, Role.ElectionOffice, ["election-sector", "state:texas"], clients: [Ohio]);
        Add(Vendor, "acme-voting", Tlp.Green, Role.Vendor, ["election-sector", "vendors"]);
    }

    /// <summary>The broker's receipt key (shared by every world; each world's root certifies it in its snapshots).</summary>
    public static SigningKeyPair BrokerKey { get; } = SigningKeyPair.Generate();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public GovernanceRoot Root { get; } = new(SigningKeyPair.Generate());

    public HubCertificateAuthority Ca { get; } = HubCertificateAuthority.Create("node unit-test hub CA");

    public Dictionary<string, (Member Member, SigningKeyPair Signing, EncryptionKeyPair Encryption, SignedMemberCard Card)> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>A snapshot of every member, signed by the certified directory key.</summary>
    public SignedDirectorySnapshot Snapshot(ulong version, TimeSpan? lifetime = null, IEnumerable<string>? only = null, IEnumerable<Revocation>? revocations = null) =>
        _publisher.Sign(version, Time.GetUtcNow(), lifetime ?? TimeSpan.FromHours(6), Members.Values.Where(m => only?.Contains(m.Member.MemberId) ?? true).Select(m => m.Card), revocations ?? [], [_brokerCertificate]);

    public VerifiedDirectory Verify(SignedDirectorySnapshot snapshot) =>
        new DirectoryVerifier(Root.PublicKey, Time).Verify(snapshot, (DirectoryVersionMark?)null).Directory!;

    /// <summary>One member's node parts over a fresh data directory.</summary>
    public Task<NodeParts> NodeAsync(string memberId, string? dataDirectory = null, EncryptionKeyPair? encryptionKey = null, IReadOnlyList<Node.Security.RetiredEncryptionKey>? retired = null) =>
        NodeParts.CreateAsync(this, memberId, dataDirectory, encryptionKey, retired);

    /// <summary>What <paramref name="recipient"/>'s mailbox would get for <paramref name="sealedBundle"/>.</summary>
    public static Delivery DeliveryFor(SealedBundle sealedBundle, string recipient, ulong sequence, SignedReceipt? receipt = null)
    {
        var tree = new MerkleTree(sealedBundle.Entries.Select(e => e.Memory).ToList());
        var index = sealedBundle.Entries.ToList().FindIndex(e => RecipientEntry.Parser.ParseFrom(e).MemberId == recipient);
        var delivery = Deliveries.For(sealedBundle, tree, index);
        delivery.Sequence = sequence;
        delivery.Receipt = receipt ?? ReceiptFor(sealedBundle);
        return delivery;
    }

    /// <summary>The broker's receipt for <paramref name="sealedBundle"/>, accepted at <paramref name="acceptedAt"/> (default: its created-at).</summary>
    public static SignedReceipt ReceiptFor(SealedBundle sealedBundle, DateTimeOffset? acceptedAt = null, SigningKeyPair? key = null)
    {
        var header = RoutingHeader.Parser.ParseFrom(sealedBundle.Header);
        var receipt = new Receipt
        {
            BundleId = header.BundleId,
            SenderMemberId = header.SenderMemberId,
            AcceptedAtMs = acceptedAt?.ToUnixTimeMilliseconds() ?? header.CreatedAtMs,
            RecipientCount = header.RecipientCount,
            AuditPosition = new AuditPosition { BrokerId = "broker-test", Sequence = 1 },
            CiphertextSha256 = header.CiphertextSha256,
        };
        var signer = key ?? BrokerKey;
        var bytes = receipt.ToByteArray();
        return new SignedReceipt
        {
            Receipt = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(signer.Sign(SignatureContext.Receipt, bytes)),
            BrokerKeyId = ByteString.CopyFrom(signer.KeyId),
        };
    }

    /// <summary>
    /// The governance approves <paramref name="id"/>'s new encryption key: a new root-signed card (publish it with
    /// the next <see cref="Snapshot"/>). Returns the key the card carried before.
    /// </summary>
    public EncryptionKeyPair RotateEncryptionKey(string id, EncryptionKeyPair next)
    {
        var (member, signing, previous, _) = Members[id];
        var rotated = member with { EncryptionPublicKey = next.PublicKey };
        Members[id] = (rotated, signing, next, Root.SignCard(MemberCards.ToCard(rotated)));
        return previous;
    }

    public void Dispose() => Ca.Dispose();

    private void Add(string id, string organization, Tlp clearance, Role role, string[] communities, string[]? clients = null)
    {
        var signing = SigningKeyPair.Generate();
        var encryption = EncryptionKeyPair.Generate();
        var now = Time.GetUtcNow();
        var member = new Member(id, organization, new HashSet<Role> { role }, clearance, communities.ToHashSet(StringComparer.Ordinal), (clients ?? []).ToHashSet(StringComparer.Ordinal),
            signing.PublicKey, encryption.PublicKey, now.AddDays(-1), now.AddDays(365));
        Members[id] = (member, signing, encryption, Root.SignCard(MemberCards.ToCard(member)));
    }
}
