using Google.Protobuf;
using Isac.Core.Membership;
using Isac.Core.Tests.TestSupport;
using Isac.V1;

namespace Isac.Core.Tests.Membership;

/// <summary>Every single flipped bit anywhere in a signed snapshot makes verification fail.</summary>
public sealed class DirectoryTamperTests
{
    private readonly DirectoryTestChain _chain = new();
    private readonly SignedDirectorySnapshot _signed;

    public DirectoryTamperTests()
    {
        var revocation = new Revocation { MemberId = "vendor.gone", RevokedAtMs = DirectoryTestChain.Start.ToUnixTimeMilliseconds(), Reason = "left" };
        _signed = _chain.Publish(9, [_chain.SignedCard("cert.national"), _chain.SignedCard("office.ohio")], [revocation]);
        Assert.True(_chain.Verifier.Verify(_signed, lastSeen: null).Succeeded);
    }

    [Fact]
    public void FlippedBit_AnywhereInSnapshotBytes_IsRefused()
    {
        var bytes = _signed.Snapshot.ToByteArray();
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var tampered = _signed.Clone();
            tampered.Snapshot = ByteString.CopyFrom(Flip(bytes, bit));

            var result = _chain.Verifier.Verify(tampered, lastSeen: null);

            Assert.True(result.Error == DirectoryError.SnapshotNotSignedByDirectoryKey, $"bit {bit}: {result}");
        }
    }

    [Fact]
    public void FlippedBit_AnywhereInSnapshotSignature_IsRefused()
    {
        var signature = _signed.Signature.ToByteArray();
        for (var bit = 0; bit < signature.Length * 8; bit++)
        {
            var tampered = _signed.Clone();
            tampered.Signature = ByteString.CopyFrom(Flip(signature, bit));

            var result = _chain.Verifier.Verify(tampered, lastSeen: null);

            Assert.True(result.Error == DirectoryError.SnapshotNotSignedByDirectoryKey, $"bit {bit}: {result}");
        }
    }

    [Fact]
    public void FlippedBit_AnywhereInCertificateOrItsSignature_IsRefused()
    {
        var certificate = _signed.DirectoryKey.Certificate.ToByteArray();
        var signature = _signed.DirectoryKey.Signature.ToByteArray();
        for (var bit = 0; bit < certificate.Length * 8; bit++)
        {
            var tampered = _signed.Clone();
            tampered.DirectoryKey.Certificate = ByteString.CopyFrom(Flip(certificate, bit));
            var result = _chain.Verifier.Verify(tampered, lastSeen: null);
            Assert.True(result.Error == DirectoryError.CertificateNotSignedByRoot, $"certificate bit {bit}: {result}");
        }

        for (var bit = 0; bit < signature.Length * 8; bit++)
        {
            var tampered = _signed.Clone();
            tampered.DirectoryKey.Signature = ByteString.CopyFrom(Flip(signature, bit));
            var result = _chain.Verifier.Verify(tampered, lastSeen: null);
            Assert.True(result.Error == DirectoryError.CertificateNotSignedByRoot, $"signature bit {bit}: {result}");
        }
    }

    [Fact]
    public void FlippedBit_AnywhereInACardResignedByDirectoryKey_IsRefusedAsNotRootSigned()
    {
        // The directory key re-signs the snapshot, so only the card's root signature can catch the change.
        var snapshot = DirectorySnapshot.Parser.ParseFrom(_signed.Snapshot);
        var card = snapshot.Cards[1].Card.ToByteArray();
        for (var bit = 0; bit < card.Length * 8; bit++)
        {
            var tampered = snapshot.Clone();
            tampered.Cards[1].Card = ByteString.CopyFrom(Flip(card, bit));

            var result = _chain.Verifier.Verify(_chain.SignRaw(tampered.ToByteArray()), lastSeen: null);

            Assert.False(result.Succeeded, $"bit {bit}");
            Assert.True(result.Error is DirectoryError.CardNotSignedByRoot or DirectoryError.MalformedCard, $"bit {bit}: {result}");
        }
    }

    private static byte[] Flip(byte[] original, int bit)
    {
        var copy = (byte[])original.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
