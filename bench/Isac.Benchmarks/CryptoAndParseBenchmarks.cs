using BenchmarkDotNet.Attributes;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Policy;
using Isac.V1;

namespace Isac.Benchmarks;

/// <summary>
/// The broker's per-bundle checks one by one: Ed25519 verify of a header signature, the canonical header parse,
/// the Merkle root over the entries, and the sharing policy's recipient resolution, per directory size.
/// </summary>
[MemoryDiagnoser]
public class CryptoAndParseBenchmarks
{
    private BenchWorld _world = null!;
    private SealedBundle _sealed = null!;
    private RoutingHeader _header = null!;
    private byte[] _senderKey = null!;
    private SharingPolicy _policy = null!;
    private Isac.Core.Policy.Audience _audience = null!;
    private Isac.Core.Membership.ActiveMemberView _active = null!;

    /// <summary>Members in the directory (and recipients of the sealed bundle).</summary>
    [Params(10, 1000, 10000)]
    public int Members { get; set; }

    /// <summary>Builds the federation (once per size) and one sealed TLP:GREEN bundle to every member.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _world = BenchWorld.For(Members);
        _sealed = _world.Sealer().Seal(_world.Request(Tlp.Green));
        _header = EnvelopeReader.ParseHeader(_sealed.Header.Span);
        _senderKey = _world.SenderKeys.Member.SigningPublicKey;
        _policy = new SharingPolicy();
        _audience = Isac.Core.Policy.Audience.OfCommunities(BenchWorld.Community);
        _active = _world.Directory.ActiveView;
    }

    /// <summary>One Ed25519 verify over "isac/v1/header" || header (the floor's verify).</summary>
    [Benchmark]
    public bool VerifySignature() => Signatures.Verify(_senderKey, SignatureContext.Header, _sealed.Header.Span, _sealed.Signature.Span);

    /// <summary>Parse, re-serialize, compare, and the header rules of docs/wire.md.</summary>
    [Benchmark]
    public RoutingHeader ParseHeader() => EnvelopeReader.ParseHeader(_sealed.Header.Span);

    /// <summary>Parse every recipient entry and recompute the Merkle root against the header.</summary>
    [Benchmark]
    public MerkleTree? VerifyEntries() => EnvelopeReader.VerifyEntries(_header, _sealed.Entries).Tree;

    /// <summary>Role rules and the exact cleared audience of a community bulletin whose community is the whole directory (through the directory's index).</summary>
    [Benchmark]
    public RecipientResolution ResolveRecipients() => _policy.ResolveRecipients(_world.SenderKeys.Member, Tlp.Green, _audience, _active);

    /// <summary>Only the role rules for the publish (no audience expansion).</summary>
    [Benchmark]
    public PolicyDecision CanPublish() => _policy.CanPublish(_world.SenderKeys.Member, Tlp.Green, _audience);
}
