using BenchmarkDotNet.Attributes;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.V1;

namespace Isac.Benchmarks;

/// <summary>
/// The per-recipient cost of sealing: one HPKE wrap of a 32-byte content secret (ephemeral X25519 key, DH,
/// key schedule, ChaCha20-Poly1305), and a TLP:GREEN seal to 1,000 recipients (where the wraps dominate), with the wraps across the cores and
/// on one thread.
/// </summary>
[MemoryDiagnoser]
public class WrapBenchmarks
{
    private readonly byte[] _secret = new byte[32];
    private readonly byte[] _info = new byte[96];
    private readonly byte[] _aad = new byte[16];
    private byte[] _recipientKey = null!;
    private Sealer _sealer = null!;
    private Sealer _sequentialSealer = null!;
    private SealRequest _request = null!;

    /// <summary>A recipient key, and the 1,000-recipient world.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _recipientKey = EncryptionKeyPair.Generate().PublicKey;
        var world = BenchWorld.For(1000);
        _sealer = world.Sealer();
        _sequentialSealer = new Sealer(BenchWorld.Sender, world.SenderKeys.Signing, null, System.Security.Cryptography.RandomNumberGenerator.Fill, maxParallelism: 1);
        _request = world.Request(Tlp.Green);
    }

    /// <summary>One HPKE base-mode wrap to one recipient.</summary>
    [Benchmark]
    public byte[] Wrap() => Hpke.Seal(_recipientKey, _info, _aad, _secret, out _);

    /// <summary>A TLP:GREEN seal to 1,000 recipients.</summary>
    [Benchmark]
    public SealedBundle Seal1000() => _sealer.Seal(_request);

    /// <summary>The same seal with the wraps on one thread (the sealer's internal option), for the parallel gain.</summary>
    [Benchmark]
    public SealedBundle Seal1000OneThread() => _sequentialSealer.Seal(_request);
}
