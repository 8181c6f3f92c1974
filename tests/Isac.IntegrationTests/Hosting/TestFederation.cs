using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Keys;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Policy;
using Isac.V1;

namespace Isac.IntegrationTests.Hosting;

/// <summary>
/// The governance side of a test federation: a governance root, a certified directory key, member keys and
/// root-signed cards in a roster file, and the broker's receipt key, all real and on disk in a temp folder.
/// The default members are the four of the issue: a national CERT, two local election offices in different
/// communities, and a vendor.
/// </summary>
public sealed class TestFederation
{
    public const string Cert = "cert-national";
    public const string OfficeOhio = "office-ohio";
    public const string OfficeTexas = "office-texas";
    public const string Vendor = "vendor-acme";

    private readonly Dictionary<string, TestMemberKeys> _members = new(StringComparer.Ordinal);
    private readonly List<Revocation> _revocations = [];

    private TestFederation(string directory, string passphrase)
    {
        Directory = directory;
        Passphrase = passphrase;
        RosterPath = Path.Combine(directory, "roster.bin");
        DirectoryKeyPath = Path.Combine(directory, "directory.key.pem");
        DirectoryCertificatePath = Path.Combine(directory, "directory-key.cert");
        BrokerKeyPath = Path.Combine(directory, "broker-signing.key.pem");
        BrokerCertificatePath = Path.Combine(directory, "broker-signing.cert");
    }

    public string Directory { get; }

    public string Passphrase { get; }

    public string RosterPath { get; }

    public string DirectoryKeyPath { get; }

    public string DirectoryCertificatePath { get; }

    public string BrokerKeyPath { get; }

    /// <summary>The root's certificate of <see cref="BrokerKey"/> (the broker lists it in every snapshot).</summary>
    public string BrokerCertificatePath { get; }

    public GovernanceRoot Root { get; } = new(SigningKeyPair.Generate());

    public SigningKeyPair BrokerKey { get; private set; } = null!;

    public IReadOnlyDictionary<string, TestMemberKeys> Members => _members;

    public static IReadOnlyList<Member> DefaultSpecs { get; } =
    [
        Spec(Cert, "national-cert", Tlp.Red, [Role.Cert], ["election-sector"]),
        Spec(OfficeOhio, "ohio-sos", Tlp.Amber, [Role.ElectionOffice], ["election-sector", "state:ohio"], clients: []),
        Spec(OfficeTexas, "texas-sos", Tlp.Red, [Role.ElectionOffice], ["election-sector", "state:texas"]),
        Spec(Vendor, "acme-voting", Tlp.Green, [Role.Vendor], ["election-sector", "vendors"]),
    ];

    public static async Task<TestFederation> CreateAsync(string directory, string passphrase, IEnumerable<Member>? specs = null)
    {
        var federation = new TestFederation(directory, passphrase);
        var directoryKey = SigningKeyPair.Generate();
        federation.BrokerKey = SigningKeyPair.Generate();
        var now = DateTimeOffset.UtcNow;
        var certificate = federation.Root.CertifyDirectoryKey(directoryKey.PublicKey, now.AddMinutes(-5), now.AddHours(23));
        await File.WriteAllBytesAsync(federation.DirectoryCertificatePath, certificate.ToByteArray());
        var brokerCertificate = federation.Root.CertifyBrokerKey(federation.BrokerKey.PublicKey, string.Empty, now.AddMinutes(-5), now.AddDays(30));
        await File.WriteAllBytesAsync(federation.BrokerCertificatePath, brokerCertificate.ToByteArray());
        // Two PBKDF2-protected key files (~0.3 s each): written in parallel.
        await Task.WhenAll(
            Task.Run(() => KeyFiles.WriteSigningKey(federation.DirectoryKeyPath, directoryKey, passphrase)),
            Task.Run(() => KeyFiles.WriteSigningKey(federation.BrokerKeyPath, federation.BrokerKey, passphrase)));
        foreach (var spec in specs ?? DefaultSpecs)
        {
            federation.Add(spec);
        }

        await federation.WriteRosterAsync();
        return federation;
    }

    public static Member Spec(string id, string organization, Tlp clearance, Role[] roles, string[] communities, string[]? clients = null) =>
        new(id, organization, roles.ToHashSet(), clearance, communities.ToHashSet(StringComparer.Ordinal), (clients ?? []).ToHashSet(StringComparer.Ordinal),
            new byte[32], new byte[32], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));

    /// <summary>Gives the member real keys and a root-signed card (call <see cref="WriteRosterAsync"/> to publish it).</summary>
    public TestMemberKeys Add(Member spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var signing = SigningKeyPair.Generate();
        var encryption = EncryptionKeyPair.Generate();
        var member = spec with { SigningPublicKey = signing.PublicKey, EncryptionPublicKey = encryption.PublicKey };
        var keys = new TestMemberKeys(member, signing, encryption, Root.SignCard(MemberCards.ToCard(member)));
        _members[member.MemberId] = keys;
        return keys;
    }

    /// <summary>Revokes every key of <paramref name="memberId"/> (call <see cref="WriteRosterAsync"/> to publish it).</summary>
    public void Revoke(string memberId, string reason = "compromised") =>
        _revocations.Add(new Revocation { MemberId = memberId, RevokedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Reason = reason });

    /// <summary>Writes the roster atomically; a running broker re-issues the snapshot within its refresh interval.</summary>
    public async Task WriteRosterAsync()
    {
        var roster = new DirectoryRoster();
        roster.Cards.AddRange(_members.Values.Select(m => m.Card));
        roster.Revocations.AddRange(_revocations);
        var temp = RosterPath + ".tmp";
        await File.WriteAllBytesAsync(temp, roster.ToByteArray());
        File.Move(temp, RosterPath, overwrite: true);
    }

    /// <summary>The broker's directory and publish settings.</summary>
    public Dictionary<string, string?> BrokerSettings() => new()
    {
        ["Isac:Directory:GovernanceRootPublicKey"] = Convert.ToHexStringLower(Root.PublicKey),
        ["Isac:Directory:RosterPath"] = RosterPath,
        ["Isac:Directory:DirectoryKeyPath"] = DirectoryKeyPath,
        ["Isac:Directory:DirectoryKeyPassphrase"] = Passphrase,
        ["Isac:Directory:DirectoryKeyCertificatePath"] = DirectoryCertificatePath,
        ["Isac:Directory:RefreshInterval"] = "00:00:00.200",
        ["Isac:Publish:SigningKeyPath"] = BrokerKeyPath,
        ["Isac:Publish:SigningKeyCertificatePath"] = BrokerCertificatePath,
        ["Isac:Publish:SigningKeyPassphrase"] = Passphrase,
    };

    /// <summary>Verifies a snapshot as a node would, against this federation's root.</summary>
    public VerifiedDirectory Verify(SignedDirectorySnapshot snapshot)
    {
        var verification = new DirectoryVerifier(Root.PublicKey, TimeProvider.System).Verify(snapshot, (DirectoryVersionMark?)null);
        return verification.Directory ?? throw new InvalidOperationException($"{verification.Error}: {verification.Message}");
    }

    /// <summary>Seals like a node: resolves the exact cleared audience with the sharing policy, then seals.</summary>
    public SealedBundle Seal(string senderId, VerifiedDirectory directory, Tlp label, Core.Policy.Audience audience, string text = "advisory", ForwardedFrom? forwardedFrom = null)
    {
        var sender = _members[senderId];
        var policy = new SharingPolicy();
        var resolution = forwardedFrom is null
            ? policy.ResolveRecipients(sender.Member, label, audience, directory.ActiveMembers)
            : ResolveForward(policy, sender.Member, directory, label, audience, forwardedFrom);
        if (!resolution.IsAllowed)
        {
            throw new InvalidOperationException($"Test setup: the policy refuses this publish: {resolution.Decision}");
        }

        return SealTo(senderId, directory.Version, label, audience, resolution.Recipients, text, forwardedFrom);
    }

    /// <summary>Seals to exactly the given recipients, policy or not (for the broker's refusal tests).</summary>
    public SealedBundle SealTo(string senderId, ulong directoryVersion, Tlp label, Core.Policy.Audience audience, IEnumerable<Member> recipients, string text = "advisory", ForwardedFrom? forwardedFrom = null)
    {
        var sender = _members[senderId];
        var wireAudience = new V1.Audience();
        wireAudience.Communities.AddRange(audience.Communities);
        wireAudience.Members.AddRange(audience.Members);
        var bundle = new Bundle { Kind = BundleKind.Advisory, ContentType = "text/markdown", Payload = ByteString.CopyFromUtf8(text) };
        return new Sealer(senderId, sender.Signing).Seal(new SealRequest(bundle, label, wireAudience, [.. recipients], directoryVersion, forwardedFrom));
    }

    private static RecipientResolution ResolveForward(SharingPolicy policy, Member forwarder, VerifiedDirectory directory, Tlp label, Core.Policy.Audience audience, ForwardedFrom forwardedFrom)
    {
        var original = RoutingHeader.Parser.ParseFrom(forwardedFrom.Header);
        return policy.ResolveForwardRecipients(forwarder, (Tlp)(int)original.Tlp, Core.Policy.Audience.FromWire(original.Audience), label, audience, directory.ActiveMembers);
    }
}

/// <summary>A test member's card data, keys and root-signed card.</summary>
public sealed record TestMemberKeys(Member Member, SigningKeyPair Signing, EncryptionKeyPair Encryption, SignedMemberCard Card)
{
    public Opener Opener() => new(Member.MemberId, [Encryption]);
}
