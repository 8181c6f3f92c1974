using BenchmarkDotNet.Attributes;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.V1;

namespace Isac.Benchmarks;

/// <summary>
/// The per-recipient cost of sealing: one HPKE wrap of a 32-byte content secret (ephemeral X25519 key, DH,
/// key schedule, ChaCha20-Poly1305), and a TLP:GREEN seal to 1,000 recipients (where the wraps dominate).
/// </summary>
[MemoryDiagnoser]
public class WrapBenchmarks
{
    private readonly byte[] _secret = new byte[32];
    private readonly byte[] _info = new byte[96];
    private readonly byte[] _aad = new byte[16];
    private byte[] _recipientKey = null!;
    private Sealer _sealer = null!;
    private SealRequest _request = null!;

    /// <summary>A recipient key, and the 1,000-recipient world.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _recipientKey = EncryptionKeyPair.Generate().PublicKey;
        var world = BenchWorld.For(1000);
        _sealer = world.Sealer();
        _request = world.Request(Tlp.Green);
    }

    /// <summary>One HPKE base-mode wrap to one recipient.</summary>
    [Benchmark]
    public byte[] Wrap() => Hpke.Seal(_recipientKey, _info, _aad, _secret, out _);

    /// <summary>A TLP:GREEN seal to 1,000 recipients.</summary>
    [Benchmark]
    public SealedBundle Seal1000() => _sealer.Seal(_request);
}
