using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.V1;

namespace Isac.Core.Tests.Envelope;

/// <summary>Members with real keys, a directory over them, and helpers to seal and deliver.</summary>
internal sealed class EnvelopeFixture
{
    public EnvelopeFixture(int recipientCount, Tlp recipientClearance = Tlp.Red)
    {
        Sender = NewMember("cert-national", Tlp.Red, Role.Cert);
        Recipients = Enumerable.Range(0, recipientCount)
            .Select(i => NewMember($"office-{i:D3}", recipientClearance, Role.ElectionOffice))
            .ToList();
        Outsider = NewMember("vendor-acme", Tlp.Green, Role.Vendor);
        Directory = new TestDirectory([Sender.Member, Outsider.Member, .. Recipients.Select(r => r.Member)]);
        Sealer = new Sealer(Sender.Member.MemberId, Sender.Signing);
    }

    public TestMember Sender { get; }

    public IReadOnlyList<TestMember> Recipients { get; }

    public TestMember Outsider { get; }

    public TestDirectory Directory { get; }

    public Sealer Sealer { get; }

    public static Bundle NewBundle(string text = "Phishing wave against poll-worker portals: block evil.example.") => new()
    {
        Kind = BundleKind.Advisory,
        ContentType = "text/markdown",
        Payload = ByteString.CopyFromUtf8(text),
    };

    public SealedBundle Seal(Tlp label, Bundle? bundle = null, Audience? audience = null)
    {
        if (audience is null)
        {
            audience = new Audience();
            audience.Members.AddRange(Recipients.Select(r => r.Member.MemberId));
        }

        return Sealer.Seal(new SealRequest(bundle ?? NewBundle(), label, audience, [.. Recipients.Select(r => r.Member)], Directory.Version));
    }

    public static Delivery DeliveryFor(SealedBundle sealedBundle, int index)
    {
        var header = RoutingHeader.Parser.ParseFrom(sealedBundle.Header);
        if (header.Tlp == TlpLabel.Clear)
        {
            return Deliveries.For(sealedBundle, null, index);
        }

        var tree = new MerkleTree(sealedBundle.Entries.Select(e => e.Memory).ToArray());
        return Deliveries.For(sealedBundle, tree, index);
    }

    public static TestMember NewMember(string id, Tlp clearance, Role role)
    {
        var signing = SigningKeyPair.Generate();
        var encryption = EncryptionKeyPair.Generate();
        var member = new Member(
            id,
            id.Split('-')[0],
            new HashSet<Role> { role },
            clearance,
            new HashSet<string> { "election-sector" },
            new HashSet<string>(),
            signing.PublicKey,
            encryption.PublicKey,
            DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow.AddDays(365));
        return new TestMember(member, signing, encryption);
    }
}

internal sealed record TestMember(Member Member, SigningKeyPair Signing, EncryptionKeyPair Encryption)
{
    public Opener Opener() => new(Member.MemberId, [Encryption]);
}

internal sealed class TestDirectory(IEnumerable<Member> members) : IMemberDirectory
{
    private readonly Dictionary<string, Member> _members = members.ToDictionary(m => m.MemberId, StringComparer.Ordinal);

    public ulong Version => 7;

    public Member? FindActive(string memberId) => _members.GetValueOrDefault(memberId);

    public TestDirectory Without(string memberId) => new(_members.Values.Where(m => m.MemberId != memberId));

    public TestDirectory With(Member member) => new([.. _members.Values.Where(m => m.MemberId != member.MemberId), member]);
}
