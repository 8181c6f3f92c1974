using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Tests.TestSupport;
using Isac.V1;

namespace Isac.Core.Tests.Envelope;

/// <summary>Receipts count only when a root-certified broker key signed exactly these bytes, for this bundle.</summary>
public sealed class ReceiptVerifierTests
{
    private readonly ReceiptWorld _world = new();
    private readonly SealedBundle _sealed;
    private readonly RoutingHeader _header;
    private readonly Isac.Core.Membership.VerifiedDirectory _directory;

    public ReceiptVerifierTests()
    {
        _sealed = _world.Seal(ReceiptWorld.Start.AddMinutes(-1));
        _header = RoutingHeader.Parser.ParseFrom(_sealed.Header);
        _directory = _world.Directory();
    }

    private DateTimeOffset Now => _world.Time.GetUtcNow();

    [Fact]
    public void Receipt_SignedByTheCertifiedBrokerKey_Verifies()
    {
        var acceptedAt = ReceiptWorld.Start.AddSeconds(-30);

        var verified = ReceiptVerifier.Verify(_world.ReceiptFor(_sealed, acceptedAt), _header, _directory, Now);

        Assert.Equal(acceptedAt, verified.AcceptedAt);
        Assert.Equal(_world.BrokerKey.KeyId, verified.BrokerKey.KeyId);
        Assert.Equal(7ul, verified.Receipt.AuditPosition.Sequence);
    }

    [Fact]
    public void FlippedBit_AnywhereInReceiptBytes_IsRefused()
    {
        var receipt = _world.ReceiptFor(_sealed, Now);
        var bytes = receipt.Receipt.ToByteArray();
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var tampered = receipt.Clone();
            tampered.Receipt = ByteString.CopyFrom(Flip(bytes, bit));
            AssertRefused(tampered, EnvelopeError.BadReceipt, $"receipt bit {bit}");
        }
    }

    [Fact]
    public void FlippedBit_AnywhereInReceiptSignatureOrKeyId_IsRefused()
    {
        var receipt = _world.ReceiptFor(_sealed, Now);
        var signature = receipt.Signature.ToByteArray();
        for (var bit = 0; bit < signature.Length * 8; bit++)
        {
            var tampered = receipt.Clone();
            tampered.Signature = ByteString.CopyFrom(Flip(signature, bit));
            AssertRefused(tampered, EnvelopeError.BadReceipt, $"signature bit {bit}");
        }

        var keyId = receipt.BrokerKeyId.ToByteArray();
        for (var bit = 0; bit < keyId.Length * 8; bit++)
        {
            var tampered = receipt.Clone();
            tampered.BrokerKeyId = ByteString.CopyFrom(Flip(keyId, bit));
            AssertRefused(tampered, EnvelopeError.UnknownBrokerKey, $"key id bit {bit}");
        }
    }

    [Fact]
    public void Receipt_SignedByAnUncertifiedKey_IsRefusedAsUnknownBrokerKey()
    {
        var rogue = SigningKeyPair.Generate();

        var error = AssertRefused(_world.ReceiptFor(_sealed, Now, rogue), EnvelopeError.UnknownBrokerKey, "rogue key");

        Assert.Contains(KeyId.ToHex(rogue.KeyId), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Receipt_WithTheCertifiedKeyIdButAnotherKeysSignature_IsRefused()
    {
        var forged = _world.ReceiptFor(_sealed, Now, SigningKeyPair.Generate());
        forged.BrokerKeyId = ByteString.CopyFrom(_world.BrokerKey.KeyId);

        AssertRefused(forged, EnvelopeError.BadReceipt, "forged signature");
    }

    [Fact]
    public void Receipt_SignedUnderTheAuditCheckpointContext_IsRefused()
    {
        var receipt = _world.ReceiptFor(_sealed, Now);
        receipt.Signature = ByteString.CopyFrom(_world.BrokerKey.Sign(SignatureContext.AuditCheckpoint, receipt.Receipt.ToByteArray()));

        AssertRefused(receipt, EnvelopeError.BadReceipt, "other context");
    }

    [Fact]
    public void Receipt_Missing_IsRefused()
    {
        AssertRefused(null, EnvelopeError.BadReceipt, "no receipt");
        AssertRefused(new SignedReceipt(), EnvelopeError.BadReceipt, "empty receipt");
    }

    [Theory]
    [InlineData("bundle")]
    [InlineData("sender")]
    [InlineData("digest")]
    public void Receipt_ForAnotherBundleSenderOrCiphertext_IsRefused(string field)
    {
        var receipt = _world.ReceiptFor(_sealed, Now, change: r =>
        {
            switch (field)
            {
                case "bundle": r.BundleId = ByteString.CopyFrom(BundleIds.New()); break;
                case "sender": r.SenderMemberId = ReceiptWorld.Recipient; break;
                default: r.CiphertextSha256 = ByteString.CopyFrom(new byte[32]); break;
            }
        });

        AssertRefused(receipt, EnvelopeError.BadReceipt, field);
    }

    [Fact]
    public void Receipt_AcceptedOutsideTheBrokerKeysCertificate_IsRefused()
    {
        // Certified from Start - 1 day: a receipt claiming an earlier acceptance is not the broker key's word.
        var error = AssertRefused(_world.ReceiptFor(_sealed, ReceiptWorld.Start.AddDays(-2)), EnvelopeError.BadReceipt, "before certificate");

        Assert.Contains("outside the certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Receipt_AcceptedInTheFuture_IsRefused()
    {
        var error = AssertRefused(_world.ReceiptFor(_sealed, Now.AddMinutes(10)), EnvelopeError.BadReceipt, "future");

        Assert.Contains("in the future", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Receipt_WithAnUnknownFieldSignedAlong_IsRefusedAsNonCanonical()
    {
        var bytes = _world.ReceiptFor(_sealed, Now).Receipt.Concat(new byte[] { 0x78, 0x01 }).ToArray(); // field 15, varint 1
        var receipt = new SignedReceipt
        {
            Receipt = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(_world.BrokerKey.Sign(SignatureContext.Receipt, bytes)),
            BrokerKeyId = ByteString.CopyFrom(_world.BrokerKey.KeyId),
        };

        var error = AssertRefused(receipt, EnvelopeError.BadReceipt, "unknown field");

        Assert.Contains("not canonical", error.Message, StringComparison.Ordinal);
    }

    private EnvelopeException AssertRefused(SignedReceipt? receipt, EnvelopeError expected, string what)
    {
        var error = Assert.Throws<EnvelopeException>(() => ReceiptVerifier.Verify(receipt, _header, _directory, Now));
        Assert.True(error.Error == expected, $"{what}: {error.Error}: {error.Message}");
        return error;
    }

    private static byte[] Flip(byte[] original, int bit)
    {
        var copy = (byte[])original.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
