using BenchmarkDotNet.Attributes;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.V1;

namespace Isac.Benchmarks;

/// <summary>
/// Sealing a bundle (HPKE wrap per recipient, Merkle root, AES-256-GCM, Ed25519 signature) and opening one
/// recipient's delivery (verify, digest, Merkle proof, unwrap, commitment, decrypt), per label and recipient
/// count. TLP:CLEAR is signed only, so its recipient count changes nothing.
/// </summary>
[MemoryDiagnoser]
public class SealOpenBenchmarks
{
    private BenchWorld _world = null!;
    private SealRequest _request = null!;
    private Sealer _sealer = null!;
    private Delivery _delivery = null!;
    private Opener _opener = null!;

    /// <summary>Recipients of the bundle.</summary>
    [Params(1, 10, 100, 1000, 10000)]
    public int Recipients { get; set; }

    /// <summary>The TLP label.</summary>
    [Params(Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red)]
    public Tlp Label { get; set; }

    /// <summary>Builds the federation (once per recipient count) and one sealed bundle to open.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _world = BenchWorld.For(Recipients);
        _request = _world.Request(Label);
        _sealer = _world.Sealer();
        var sealedBundle = _sealer.Seal(_request);
        var header = EnvelopeReader.ParseHeader(sealedBundle.Header.Span);
        var (_, tree) = EnvelopeReader.VerifyEntries(header, sealedBundle.Entries);
        var index = Label == Tlp.Clear ? 0 : sealedBundle.Entries.Count / 2;
        _delivery = Deliveries.For(sealedBundle, tree, index);
        var recipientId = Label == Tlp.Clear ? _world.RecipientIds[0] : RecipientEntry.Parser.ParseFrom(sealedBundle.Entries[index]).MemberId;
        _opener = new Opener(recipientId, [_world.Federation.Members[recipientId].Encryption]);
    }

    /// <summary>Seals one bundle (a fresh id each time) to every recipient.</summary>
    [Benchmark]
    public SealedBundle Seal() => _sealer.Seal(_request);

    /// <summary>Verifies and opens one recipient's delivery.</summary>
    [Benchmark]
    public OpenedBundle Open() => _opener.Open(_delivery, _world.Directory);
}
