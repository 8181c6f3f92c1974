using System.Security.Cryptography;
using Google.Protobuf;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.V1;
using Microsoft.Extensions.Time.Testing;

namespace Isac.Core.Tests.Envelope;

/// <summary>
/// Sealing to many recipients wraps in parallel: the output must be the same bytes whatever the thread count
/// for the same random inputs, every recipient must open its own entry, and a bad recipient key fails the
/// seal as it does sequentially.
/// </summary>
public sealed class ParallelSealTests
{
    private const int ManyRecipients = Sealer.ParallelWrapThreshold * 2 + 7;
    private static readonly EnvelopeFixture Fixture = new(ManyRecipients);

    [Fact]
    public void Seal_ManyRecipients_SameBytesWhateverTheThreadCount()
    {
        var sequential = SealDeterministically(maxParallelism: 1);

        foreach (var parallelism in new[] { 2, 3, 8, -1 })
        {
            Assert.Equal(sequential, SealDeterministically(parallelism));
        }

        // The random source matters: another seed gives other ephemeral keys, so other bytes.
        Assert.NotEqual(sequential, SealDeterministically(maxParallelism: -1, seed: 2));
    }

    [Fact]
    public void Seal_ManyRecipientsInParallel_EveryRecipientOpensItsOwnEntry()
    {
        var sealedBundle = Fixture.Seal(Tlp.Amber);

        Assert.Equal(ManyRecipients, sealedBundle.Entries.Count);
        for (var i = 0; i < ManyRecipients; i++)
        {
            var entry = RecipientEntry.Parser.ParseFrom(sealedBundle.Entries[i]);
            Assert.Equal(Fixture.Recipients[i].Member.MemberId, entry.MemberId);
            var opened = Fixture.Recipients[i].Opener().Open(EnvelopeFixture.DeliveryFor(sealedBundle, i), Fixture.Directory);
            Assert.Equal(EnvelopeFixture.NewBundle().Payload, opened.Bundle.Payload);
        }
    }

    [Fact]
    public void Seal_ManyRecipientsOneWithALowOrderKey_FailsLikeASequentialSeal()
    {
        // The all-zero point is of low order: the X25519 shared secret would be zero.
        var recipients = Fixture.Recipients.Select(r => r.Member).ToList();
        recipients[ManyRecipients / 2] = recipients[ManyRecipients / 2] with { EncryptionPublicKey = new byte[32] };
        var audience = new Isac.V1.Audience();
        audience.Communities.Add("election-sector");
        var request = new SealRequest(EnvelopeFixture.NewBundle(), Tlp.Green, audience, recipients, Fixture.Directory.Version);

        var parallel = Assert.Throws<CryptographicException>(() => Fixture.Sealer.Seal(request));
        var sequential = Assert.Throws<CryptographicException>(() => NewSealer(new Random(1), maxParallelism: 1).Seal(request));

        Assert.Contains("low-order", parallel.Message, StringComparison.Ordinal);
        Assert.Equal(sequential.Message, parallel.Message);
    }

    private static byte[] SealDeterministically(int maxParallelism, int seed = 1)
    {
        var bundle = EnvelopeFixture.NewBundle();
        bundle.Id = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
        var audience = new Isac.V1.Audience();
        audience.Communities.Add("election-sector");
        var request = new SealRequest(bundle, Tlp.Amber, audience, [.. Fixture.Recipients.Select(r => r.Member)], Fixture.Directory.Version);
        return NewSealer(new Random(seed), maxParallelism).Seal(request).ToByteArray();
    }

    private static Sealer NewSealer(Random random, int maxParallelism) => new(
        Fixture.Sender.Member.MemberId,
        Fixture.Sender.Signing,
        new FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 6, 0, 0, TimeSpan.Zero)),
        buffer => random.NextBytes(buffer),
        maxParallelism);
}
