using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.V1;

namespace Isac.Core.Tests.Envelope;

/// <summary>Every single-bit change to what travels makes opening fail, with the error of the check that caught it.</summary>
public sealed class TamperTests
{
    private static readonly EnvelopeError[] HeaderErrors =
    [
        EnvelopeError.Malformed, EnvelopeError.NonCanonical, EnvelopeError.UnsupportedVersion, EnvelopeError.UnsupportedSuite,
        EnvelopeError.UnknownSender, EnvelopeError.SenderKeyMismatch, EnvelopeError.BadSignature,
    ];

    private readonly EnvelopeFixture _fixture = new(3);

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Amber)]
    public void FlippingAnyBitOfTheHeader_FailsOpening(Tlp label)
    {
        var delivery = EnvelopeFixture.DeliveryFor(_fixture.Seal(label), 1);

        ForEveryBitFlip(delivery.Header, flipped =>
        {
            var tampered = delivery.Clone();
            tampered.Header = flipped;
            var ex = Assert.Throws<EnvelopeException>(() => Open(tampered));
            Assert.Contains(ex.Error, HeaderErrors);
        });
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Red)]
    public void FlippingAnyBitOfTheSignature_FailsWithBadSignature(Tlp label)
    {
        var delivery = EnvelopeFixture.DeliveryFor(_fixture.Seal(label), 1);

        ForEveryBitFlip(delivery.Signature, flipped =>
        {
            var tampered = delivery.Clone();
            tampered.Signature = flipped;
            Assert.Equal(EnvelopeError.BadSignature, Assert.Throws<EnvelopeException>(() => Open(tampered)).Error);
        });
    }

    [Fact]
    public void FlippingAnyBitOfTheOwnEntry_FailsOpening()
    {
        var delivery = EnvelopeFixture.DeliveryFor(_fixture.Seal(Tlp.Green), 1);

        ForEveryBitFlip(delivery.Entry, flipped =>
        {
            var tampered = delivery.Clone();
            tampered.Entry = flipped;
            var ex = Assert.Throws<EnvelopeException>(() => Open(tampered));
            Assert.Contains(ex.Error, new[] { EnvelopeError.Malformed, EnvelopeError.NonCanonical, EnvelopeError.NotARecipient, EnvelopeError.BadMerkleProof });
        });
    }

    [Fact]
    public void FlippingAnyBitOfTheProof_FailsWithBadMerkleProof()
    {
        var delivery = EnvelopeFixture.DeliveryFor(_fixture.Seal(Tlp.AmberStrict), 1);

        for (var p = 0; p < delivery.Proof.Path.Count; p++)
        {
            var index = p;
            ForEveryBitFlip(delivery.Proof.Path[index], flipped =>
            {
                var tampered = delivery.Clone();
                tampered.Proof.Path[index] = flipped;
                Assert.Equal(EnvelopeError.BadMerkleProof, Assert.Throws<EnvelopeException>(() => Open(tampered)).Error);
            });
        }

        for (var bit = 0; bit < 64; bit++)
        {
            var indexFlip = delivery.Clone();
            indexFlip.Proof.LeafIndex ^= 1UL << bit;
            Assert.Equal(EnvelopeError.BadMerkleProof, Assert.Throws<EnvelopeException>(() => Open(indexFlip)).Error);

            var sizeFlip = delivery.Clone();
            sizeFlip.Proof.TreeSize ^= 1UL << bit;
            Assert.Equal(EnvelopeError.BadMerkleProof, Assert.Throws<EnvelopeException>(() => Open(sizeFlip)).Error);
        }
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Amber)]
    public void FlippingAnyBitOfTheCiphertext_FailsWithDigestMismatch(Tlp label)
    {
        var delivery = EnvelopeFixture.DeliveryFor(_fixture.Seal(label), 1);

        ForEveryBitFlip(delivery.Ciphertext, flipped =>
        {
            var tampered = delivery.Clone();
            tampered.Ciphertext = flipped;
            Assert.Equal(EnvelopeError.DigestMismatch, Assert.Throws<EnvelopeException>(() => Open(tampered)).Error);
        });
    }

    [Fact]
    public void RewritingTheLabel_IsDetected()
    {
        var delivery = EnvelopeFixture.DeliveryFor(_fixture.Seal(Tlp.Red), 1);
        var header = RoutingHeader.Parser.ParseFrom(delivery.Header);
        header.Tlp = TlpLabel.Green;
        delivery.Header = header.ToByteString();

        Assert.Equal(EnvelopeError.BadSignature, Assert.Throws<EnvelopeException>(() => Open(delivery)).Error);
    }

    [Fact]
    public void RewritingTheAudience_IsDetected()
    {
        var delivery = EnvelopeFixture.DeliveryFor(_fixture.Seal(Tlp.Amber), 1);
        var header = RoutingHeader.Parser.ParseFrom(delivery.Header);
        header.Audience.Communities.Add("vendors");
        delivery.Header = header.ToByteString();

        Assert.Equal(EnvelopeError.BadSignature, Assert.Throws<EnvelopeException>(() => Open(delivery)).Error);
    }

    [Fact]
    public void CardSignature_DoesNotVerifyAsHeaderSignature()
    {
        var delivery = EnvelopeFixture.DeliveryFor(_fixture.Seal(Tlp.Green), 1);
        delivery.Signature = ByteString.CopyFrom(_fixture.Sender.Signing.Sign(SignatureContext.Card, delivery.Header.Span));

        Assert.Equal(EnvelopeError.BadSignature, Assert.Throws<EnvelopeException>(() => Open(delivery)).Error);
    }

    [Fact]
    public void HeaderWithAnUnknownField_IsRefusedEvenWhenValidlySigned()
    {
        var delivery = EnvelopeFixture.DeliveryFor(_fixture.Seal(Tlp.Green), 1);
        // Field 99, varint 1: appended by a sender that speaks a protocol this node does not.
        byte[] withUnknown = [.. delivery.Header.Span, 0x98, 0x06, 0x01];
        delivery.Header = ByteString.CopyFrom(withUnknown);
        delivery.Signature = ByteString.CopyFrom(_fixture.Sender.Signing.Sign(SignatureContext.Header, withUnknown));

        Assert.Equal(EnvelopeError.NonCanonical, Assert.Throws<EnvelopeException>(() => Open(delivery)).Error);
    }

    [Fact]
    public void KeyCommitmentNotMatchingTheWrappedKey_IsRefusedBeforeDecryption()
    {
        // A malicious sender wraps a different content secret for one recipient and signs the result honestly.
        var sealedBundle = _fixture.Seal(Tlp.Amber);
        var header = RoutingHeader.Parser.ParseFrom(sealedBundle.Header);
        var victim = _fixture.Recipients[1].Member;
        var bundleId = header.BundleId.ToByteArray();
        var otherSecret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var wrapped = Hpke.Seal(victim.EncryptionPublicKey, EnvelopeFormat.WrapInfo(bundleId, victim.MemberId, victim.EncryptionKeyId), bundleId, otherSecret, out var enc);
        sealedBundle.Entries[1] = new RecipientEntry
        {
            MemberId = victim.MemberId,
            KeyId = ByteString.CopyFrom(victim.EncryptionKeyId),
            Enc = ByteString.CopyFrom(enc),
            WrappedKey = ByteString.CopyFrom(wrapped),
        }.ToByteString();
        header.RecipientsRoot = ByteString.CopyFrom(new MerkleTree(sealedBundle.Entries.Select(e => e.Memory).ToArray()).Root);
        sealedBundle.Header = header.ToByteString();
        sealedBundle.Signature = ByteString.CopyFrom(_fixture.Sender.Signing.Sign(SignatureContext.Header, sealedBundle.Header.Span));

        var ex = Assert.Throws<EnvelopeException>(() => _fixture.Recipients[1].Opener().Open(EnvelopeFixture.DeliveryFor(sealedBundle, 1), _fixture.Directory));
        Assert.Equal(EnvelopeError.CommitmentMismatch, ex.Error);
    }

    [Fact]
    public void ClearDelivery_CarryingAnEntry_IsRefused()
    {
        var delivery = EnvelopeFixture.DeliveryFor(_fixture.Seal(Tlp.Clear), 0);
        delivery.Entry = EnvelopeFixture.DeliveryFor(_fixture.Seal(Tlp.Green), 0).Entry;

        Assert.Equal(EnvelopeError.Malformed, Assert.Throws<EnvelopeException>(() => Open(delivery)).Error);
    }

    private OpenedBundle Open(Delivery delivery) => _fixture.Recipients[1].Opener().Open(delivery, _fixture.Directory);

    private static void ForEveryBitFlip(ByteString original, Action<ByteString> assert)
    {
        var bytes = original.ToByteArray();
        Assert.NotEmpty(bytes);
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            assert(ByteString.CopyFrom(bytes));
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
