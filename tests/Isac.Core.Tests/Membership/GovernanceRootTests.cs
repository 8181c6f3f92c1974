using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Membership;
using Isac.Core.Tests.TestSupport;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Tests.Membership;

public sealed class GovernanceRootTests
{
    private static readonly DateTimeOffset Start = DirectoryTestChain.Start;
    private readonly SigningKeyPair _rootKey = SigningKeyPair.Generate();
    private readonly GovernanceRoot _root;

    public GovernanceRootTests() => _root = new GovernanceRoot(_rootKey);

    [Fact]
    public void SignCard_SignsExactCardBytesUnderCardContext()
    {
        var card = DirectoryTestChain.Card("cert.national");

        var signed = _root.SignCard(card);

        Assert.Equal(card.ToByteArray(), signed.Card.ToByteArray());
        Assert.True(Signatures.Verify(_root.PublicKey, SignatureContext.Card, signed.Card.Span, signed.Signature.Span));
        Assert.False(Signatures.Verify(_root.PublicKey, SignatureContext.Header, signed.Card.Span, signed.Signature.Span));
        Assert.Equal(_rootKey.KeyId, _root.KeyId);
    }

    [Fact]
    public void SignCard_InvalidCard_IsRefused()
    {
        var card = DirectoryTestChain.Card("cert.national");
        card.Roles.Clear();
        card.Roles.Add(MemberRole.Unspecified);

        var error = Assert.Throws<ArgumentException>(() => _root.SignCard(card));
        Assert.Contains("role", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertifyDirectoryKey_SignsCanonicalCertificateUnderDirectoryKeyContext()
    {
        var directoryKey = SigningKeyPair.Generate();

        var signed = _root.CertifyDirectoryKey(directoryKey.PublicKey, Start, Start.AddHours(12));

        Assert.True(Signatures.Verify(_root.PublicKey, SignatureContext.DirectoryKey, signed.Certificate.Span, signed.Signature.Span));
        Assert.False(Signatures.Verify(_root.PublicKey, SignatureContext.Directory, signed.Certificate.Span, signed.Signature.Span));
        Assert.True(CanonicalProto.TryParse(DirectoryKeyCertificate.Parser, signed.Certificate.Span, out var certificate, out _));
        Assert.Equal(directoryKey.PublicKey, certificate.PublicKey.ToByteArray());
        Assert.Equal(Start.ToUnixTimeMilliseconds(), certificate.NotBeforeMs);
        Assert.Equal(Start.AddHours(12).ToUnixTimeMilliseconds(), certificate.NotAfterMs);
    }

    [Fact]
    public void CertifyDirectoryKey_ExactlyADay_IsAllowed()
    {
        var signed = _root.CertifyDirectoryKey(SigningKeyPair.Generate().PublicKey, Start, Start.AddHours(24));

        Assert.False(signed.Signature.IsEmpty);
    }

    [Fact]
    public void CertifyDirectoryKey_LongerThanADay_IsRefused()
    {
        var key = SigningKeyPair.Generate().PublicKey;

        var error = Assert.Throws<ArgumentException>(() => _root.CertifyDirectoryKey(key, Start, Start.AddHours(24).AddMilliseconds(1)));
        Assert.Contains("lifetime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertifyDirectoryKey_EmptyOrReversedWindow_IsRefused()
    {
        var key = SigningKeyPair.Generate().PublicKey;

        Assert.Throws<ArgumentException>(() => _root.CertifyDirectoryKey(key, Start, Start));
        Assert.Throws<ArgumentException>(() => _root.CertifyDirectoryKey(key, Start, Start.AddHours(-1)));
    }

    [Fact]
    public void CertifyDirectoryKey_KeyOfWrongLength_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => _root.CertifyDirectoryKey(new byte[31], Start, Start.AddHours(1)));
    }
}
