using Isac.Core.Crypto;

namespace Isac.Core.Tests.Crypto;

/// <summary>RFC 8032 section 7.1 Ed25519 vectors (TEST 1 to 3) through the raw, context-free signing path.</summary>
public sealed class Ed25519VectorTests
{
    private static readonly Dictionary<string, (string SecretKey, string PublicKey, string Message, string Signature)> Vectors = new()
    {
        ["TEST 1"] = (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ["TEST 2"] = (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        ["TEST 3"] = (
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    };

    [Theory]
    [InlineData("TEST 1")]
    [InlineData("TEST 2")]
    [InlineData("TEST 3")]
    public void PublicKey_FromSecretKey_MatchesVector(string test)
    {
        var (secretKey, publicKey, _, _) = Vectors[test];
        var key = SigningKeyPair.FromPrivateKey(Convert.FromHexString(secretKey));

        Assert.Equal(publicKey, Convert.ToHexStringLower(key.PublicKey));
    }

    [Theory]
    [InlineData("TEST 1")]
    [InlineData("TEST 2")]
    [InlineData("TEST 3")]
    public void SignRaw_MatchesVectorSignature(string test)
    {
        var (secretKey, _, message, signature) = Vectors[test];
        var key = SigningKeyPair.FromPrivateKey(Convert.FromHexString(secretKey));

        Assert.Equal(signature, Convert.ToHexStringLower(key.SignRaw(Convert.FromHexString(message))));
    }

    [Theory]
    [InlineData("TEST 1")]
    [InlineData("TEST 2")]
    [InlineData("TEST 3")]
    public void VerifyRaw_AcceptsVectorSignature(string test)
    {
        var (_, publicKey, message, signature) = Vectors[test];

        Assert.True(Signatures.VerifyRaw(Convert.FromHexString(publicKey), Convert.FromHexString(message), Convert.FromHexString(signature)));
    }

    [Theory]
    [InlineData("TEST 1")]
    [InlineData("TEST 2")]
    [InlineData("TEST 3")]
    public void VerifyRaw_WithAnyFlippedSignatureBit_Fails(string test)
    {
        var (_, publicKey, message, signature) = Vectors[test];
        var pub = Convert.FromHexString(publicKey);
        var msg = Convert.FromHexString(message);
        var sig = Convert.FromHexString(signature);

        for (var bit = 0; bit < sig.Length * 8; bit++)
        {
            var altered = (byte[])sig.Clone();
            altered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Signatures.VerifyRaw(pub, msg, altered), $"{test}: signature bit {bit} flipped still verifies");
        }
    }

    [Theory]
    [InlineData("TEST 1")]
    [InlineData("TEST 2")]
    [InlineData("TEST 3")]
    public void VerifyRaw_WithAlteredMessage_Fails(string test)
    {
        var (_, publicKey, message, signature) = Vectors[test];
        var pub = Convert.FromHexString(publicKey);
        var msg = Convert.FromHexString(message);
        var sig = Convert.FromHexString(signature);

        // TEST 1's message is empty, so every vector also checks one appended byte.
        Assert.False(Signatures.VerifyRaw(pub, [.. msg, 0], sig), $"{test}: extended message still verifies");
        for (var bit = 0; bit < msg.Length * 8; bit++)
        {
            var altered = (byte[])msg.Clone();
            altered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Signatures.VerifyRaw(pub, altered, sig), $"{test}: message bit {bit} flipped still verifies");
        }
    }

    [Fact]
    public void VerifyRaw_WithMalformedLengths_IsFalse()
    {
        var pub = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        var sig = Convert.FromHexString(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

        Assert.True(Signatures.VerifyRaw(pub, [], sig));
        Assert.False(Signatures.VerifyRaw(pub.AsSpan(..31), [], sig));
        Assert.False(Signatures.VerifyRaw(pub, [], sig.AsSpan(..63)));
        Assert.False(Signatures.VerifyRaw(pub, [], [.. sig, 0]));
    }

    [Fact]
    public void Sign_UnderContext_IsPlainEd25519OverPrefixAndMessage()
    {
        // Pins the wire rule: the signed bytes are exactly "isac/v1/header" || 0x00 || message under plain Ed25519
        // (not Ed25519ctx), so any RFC 8032 verifier can check a header signature.
        var key = SigningKeyPair.FromPrivateKey(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        var message = "a routing header"u8.ToArray();
        byte[] signedBytes = [.. "isac/v1/header"u8, 0, .. message];

        var signature = key.Sign(SignatureContext.Header, message);

        Assert.Equal(key.SignRaw(signedBytes), signature);
        Assert.True(Signatures.VerifyRaw(key.PublicKey, signedBytes, signature));
        Assert.True(Signatures.Verify(key.PublicKey, SignatureContext.Header, message, signature));
        Assert.False(Signatures.VerifyRaw(key.PublicKey, message, signature));
    }
}
