using Isac.Core.Crypto;
using Isac.Core.Membership;
using Isac.Core.Tests.TestSupport;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Tests.Membership;

public sealed class DirectoryPublisherTests
{
    private readonly DirectoryTestChain _chain = new();

    [Fact]
    public void Sign_DefaultLifetime_IsSixHours_AndSnapshotNamesTheDirectoryKey()
    {
        var signed = _chain.Publisher.Sign(1, DirectoryTestChain.Start, [_chain.SignedCard("cert.national")], []);

        Assert.True(CanonicalProto.TryParse(DirectorySnapshot.Parser, signed.Snapshot.Span, out var snapshot, out _));
        Assert.Equal(DirectoryTestChain.Start.AddHours(6).ToUnixTimeMilliseconds(), snapshot.ExpiresAtMs);
        Assert.Equal(_chain.DirectoryKey.KeyId, snapshot.DirectoryKeyId.ToByteArray());
        Assert.Equal(_chain.Certificate, signed.DirectoryKey);
        Assert.True(Signatures.Verify(_chain.DirectoryKey.PublicKey, SignatureContext.Directory, signed.Snapshot.Span, signed.Signature.Span));
        Assert.Equal(_chain.DirectoryKey.KeyId, _chain.Publisher.KeyId);
        Assert.Equal(DirectoryTestChain.Start.AddHours(23), _chain.Publisher.CertificateNotAfter);
    }

    [Fact]
    public void Sign_GivenLifetime_SetsExpiry()
    {
        var signed = _chain.Publisher.Sign(1, DirectoryTestChain.Start, TimeSpan.FromHours(2), [], []);

        var directory = _chain.Verifier.Verify(signed, lastSeen: null).Directory!;
        Assert.Equal(DirectoryTestChain.Start.AddHours(2), directory.ExpiresAt);
    }

    [Fact]
    public void Constructor_CertificateForAnotherKey_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new DirectoryPublisher(SigningKeyPair.Generate(), _chain.Certificate));
    }

    [Fact]
    public void Sign_TwoCardsOfOneMember_IsRefused()
    {
        var cards = new[] { _chain.SignedCard("office.ohio"), _chain.SignedCard("office.ohio") };

        Assert.Throws<ArgumentException>(() => _chain.Publisher.Sign(1, DirectoryTestChain.Start, cards, []));
    }

    [Fact]
    public void Sign_OutsideCertificate_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _chain.Publisher.Sign(1, DirectoryTestChain.Start.AddHours(-2), [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => _chain.Publisher.Sign(1, DirectoryTestChain.Start.AddHours(24), [], []));
    }

    [Fact]
    public void Sign_VersionZeroOrBadLifetime_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _chain.Publisher.Sign(0, DirectoryTestChain.Start, [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => _chain.Publisher.Sign(1, DirectoryTestChain.Start, TimeSpan.Zero, [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => _chain.Publisher.Sign(1, DirectoryTestChain.Start, TimeSpan.FromHours(25), [], []));
    }

    [Fact]
    public void Sign_MalformedRevocation_IsRefused()
    {
        var revocation = new Revocation { MemberId = "Office Ohio", RevokedAtMs = 1 };

        Assert.Throws<ArgumentException>(() => _chain.Publisher.Sign(1, DirectoryTestChain.Start, [], [revocation]));
    }
}
