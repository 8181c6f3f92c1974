using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Membership;
using Isac.Core.Tests.TestSupport;
using Isac.V1;

namespace Isac.Core.Tests.Membership;

/// <summary>The broker's receipt key, certified by the governance root and listed in the directory snapshot.</summary>
public sealed class BrokerKeyCertificateTests
{
    private readonly ReceiptWorld _world = new();

    [Fact]
    public void Snapshot_WithRootCertifiedBrokerKey_ListsTheKey()
    {
        var directory = _world.Directory();

        var key = Assert.Single(directory.BrokerKeys);
        Assert.Equal(_world.BrokerKey.PublicKey, key.PublicKey);
        Assert.Equal("broker-1", key.BrokerId);
        Assert.Same(key, directory.FindBrokerKey(_world.BrokerKey.KeyId));
        Assert.Null(directory.FindBrokerKey(SigningKeyPair.Generate().KeyId));
        Assert.True(key.IsValidAt(ReceiptWorld.Start));
        Assert.False(key.IsValidAt(ReceiptWorld.Start.AddDays(31)));
    }

    [Fact]
    public void FlippedBit_AnywhereInBrokerCertificateOrItsSignature_IsRefused()
    {
        var certificate = _world.BrokerCertificate.Certificate.ToByteArray();
        var signature = _world.BrokerCertificate.Signature.ToByteArray();
        for (var bit = 0; bit < certificate.Length * 8; bit++)
        {
            var result = VerifyWith(new SignedBrokerKeyCertificate { Certificate = ByteString.CopyFrom(Flip(certificate, bit)), Signature = _world.BrokerCertificate.Signature });
            Assert.True(result.Error == DirectoryError.BadBrokerKeyCertificate, $"certificate bit {bit}: {result}");
        }

        for (var bit = 0; bit < signature.Length * 8; bit++)
        {
            var result = VerifyWith(new SignedBrokerKeyCertificate { Certificate = _world.BrokerCertificate.Certificate, Signature = ByteString.CopyFrom(Flip(signature, bit)) });
            Assert.True(result.Error == DirectoryError.BadBrokerKeyCertificate, $"signature bit {bit}: {result}");
        }
    }

    [Fact]
    public void BrokerCertificate_SignedByTheDirectoryKey_IsRefusedAsNotRootSigned()
    {
        // The online directory key must not be able to vouch for a broker key: only the root can.
        var bytes = _world.BrokerCertificate.Certificate.ToByteArray();
        var forged = new SignedBrokerKeyCertificate
        {
            Certificate = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(_world.Chain.DirectoryKey.Sign(SignatureContext.BrokerKey, bytes)),
        };

        var result = VerifyWith(forged);

        Assert.Equal(DirectoryError.BadBrokerKeyCertificate, result.Error);
        Assert.Contains("not signed by the pinned governance root", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokerCertificate_RootSignatureUnderTheDirectoryKeyContext_IsRefused()
    {
        var bytes = _world.BrokerCertificate.Certificate.ToByteArray();
        var crossContext = new SignedBrokerKeyCertificate
        {
            Certificate = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(_world.Chain.RootKey.Sign(SignatureContext.DirectoryKey, bytes)),
        };

        Assert.Equal(DirectoryError.BadBrokerKeyCertificate, VerifyWith(crossContext).Error);
    }

    [Fact]
    public void BrokerCertificate_RootSignedButLongerThanAllowed_IsRefused()
    {
        var bytes = new BrokerKeyCertificate
        {
            PublicKey = ByteString.CopyFrom(_world.BrokerKey.PublicKey),
            NotBeforeMs = ReceiptWorld.Start.ToUnixTimeMilliseconds(),
            NotAfterMs = (ReceiptWorld.Start + GovernanceRoot.MaxBrokerKeyLifetime).ToUnixTimeMilliseconds() + 1,
        }.ToByteArray();
        var tooLong = new SignedBrokerKeyCertificate
        {
            Certificate = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(_world.Chain.RootKey.Sign(SignatureContext.BrokerKey, bytes)),
        };

        var result = VerifyWith(tooLong);

        Assert.Equal(DirectoryError.BadBrokerKeyCertificate, result.Error);
        Assert.Contains("exceeds", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertifyBrokerKey_LongerThanAllowedOrMalformed_IsRefusedByTheRoot()
    {
        var key = _world.BrokerKey.PublicKey;
        var start = ReceiptWorld.Start;

        Assert.Throws<ArgumentException>(() => _world.Chain.Root.CertifyBrokerKey(key, "broker-1", start, start + GovernanceRoot.MaxBrokerKeyLifetime + TimeSpan.FromMilliseconds(1)));
        Assert.Throws<ArgumentException>(() => _world.Chain.Root.CertifyBrokerKey(key, "broker-1", start, start));
        Assert.Throws<ArgumentException>(() => _world.Chain.Root.CertifyBrokerKey(new byte[31], "broker-1", start, start.AddDays(1)));
        Assert.Throws<ArgumentException>(() => _world.Chain.Root.CertifyBrokerKey(key, "Broker One", start, start.AddDays(1)));
    }

    [Fact]
    public void ExpiredBrokerCertificate_IsStillListed_ForReceiptsIssuedWhileItWasValid()
    {
        _world.Time.Advance(TimeSpan.FromDays(31));
        var lateChain = _world.Chain;

        // A fresh directory-key certificate covering the new time; the broker certificate itself has expired.
        var directoryKey = SigningKeyPair.Generate();
        var now = lateChain.Time.GetUtcNow();
        var publisher = new DirectoryPublisher(directoryKey, lateChain.Root.CertifyDirectoryKey(directoryKey.PublicKey, now.AddMinutes(-1), now.AddHours(2)));
        var directory = _world.Verify(publisher.Sign(1, now, TimeSpan.FromHours(1), [], [], [_world.BrokerCertificate]));

        var key = Assert.Single(directory.BrokerKeys);
        Assert.False(key.IsValidAt(now));
        Assert.True(key.IsValidAt(ReceiptWorld.Start));
    }

    [Fact]
    public void Publisher_RefusesAMalformedBrokerCertificate()
    {
        var malformed = new SignedBrokerKeyCertificate { Certificate = ByteString.CopyFrom(1, 2, 3), Signature = ByteString.CopyFrom(new byte[64]) };

        Assert.Throws<ArgumentException>(() => _world.Chain.Publisher.Sign(1, ReceiptWorld.Start, TimeSpan.FromHours(1), [], [], [malformed]));
    }

    private DirectoryVerification VerifyWith(SignedBrokerKeyCertificate certificate)
    {
        // Built raw (the publisher would refuse some of these) and signed by the real directory key: only the
        // certificate's own root signature can catch the change.
        var snapshot = _world.Chain.RawSnapshot(1);
        snapshot.BrokerKeys.Add(certificate);
        return _world.Chain.Verifier.Verify(_world.Chain.SignRaw(snapshot), lastSeen: null);
    }

    private static byte[] Flip(byte[] original, int bit)
    {
        var copy = (byte[])original.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
