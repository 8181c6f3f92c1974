using Isac.Core.Crypto;

namespace Isac.Core.Tests.Crypto;

public sealed class SignatureTests
{
    private static readonly byte[] Message = "a routing header"u8.ToArray();

    [Fact]
    public void Sign_ThenVerify_UnderSameContext_Succeeds()
    {
        var key = SigningKeyPair.Generate();
        var signature = key.Sign(SignatureContext.Header, Message);

        Assert.True(Signatures.Verify(key.PublicKey, SignatureContext.Header, Message, signature));
    }

    [Fact]
    public void CardSignature_DoesNotVerifyAsHeaderSignature()
    {
        var key = SigningKeyPair.Generate();
        var signature = key.Sign(SignatureContext.Card, Message);

        Assert.False(Signatures.Verify(key.PublicKey, SignatureContext.Header, Message, signature));
    }

    [Fact]
    public void DirectorySignature_DoesNotVerifyAsDirectoryKeySignature_DespitePrefixNames()
    {
        // "isac/v1/directory" is a textual prefix of "isac/v1/directory-key"; the zero terminator separates them.
        var key = SigningKeyPair.Generate();
        var signature = key.Sign(SignatureContext.Directory, "-key\0payload"u8);

        Assert.False(Signatures.Verify(key.PublicKey, SignatureContext.DirectoryKey, "payload"u8, signature));
    }

    [Fact]
    public void KeyId_IsFirst16BytesOfSha256()
    {
        var key = SigningKeyPair.Generate();
        var expected = System.Security.Cryptography.SHA256.HashData(key.PublicKey)[..16];

        Assert.Equal(expected, key.KeyId);
        Assert.Equal(32, KeyId.ToHex(key.KeyId).Length);
    }
}
