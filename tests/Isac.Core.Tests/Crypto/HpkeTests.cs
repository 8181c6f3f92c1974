using System.Security.Cryptography;
using Isac.Core.Crypto;

namespace Isac.Core.Tests.Crypto;

/// <summary>Properties of the HPKE wrap beyond the RFC vectors: round trip, and every alteration fails to open.</summary>
public sealed class HpkeTests
{
    private static readonly byte[] Info = "isac/v1/wrap test info"u8.ToArray();
    private static readonly byte[] Aad = "bundle-0001"u8.ToArray();
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(1000)]
    public void Seal_ThenOpen_RoundTrips(int plaintextLength)
    {
        var recipient = EncryptionKeyPair.Generate();
        var plaintext = RandomNumberGenerator.GetBytes(plaintextLength);

        var ciphertext = Hpke.Seal(recipient.PublicKey, Info, Aad, plaintext, out var enc);

        Assert.Equal(Hpke.EncLength, enc.Length);
        Assert.Equal(plaintextLength + Hpke.TagLength, ciphertext.Length);
        Assert.Equal(plaintext, Hpke.Open(recipient.PrivateKey, enc, Info, Aad, ciphertext));
    }

    [Fact]
    public void Seal_Twice_UsesFreshEphemeralKeys()
    {
        var recipient = EncryptionKeyPair.Generate();

        var first = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out var enc1);
        var second = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out var enc2);

        Assert.NotEqual(enc1, enc2);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Open_WithWrongPrivateKey_Fails()
    {
        var recipient = EncryptionKeyPair.Generate();
        var other = EncryptionKeyPair.Generate();
        var ciphertext = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out var enc);

        var ex = Assert.Throws<CryptographicException>(() => Hpke.Open(other.PrivateKey, enc, Info, Aad, ciphertext));
        Assert.Contains("tag does not match", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WithAnyFlippedBitOfEnc_Fails()
    {
        var recipient = EncryptionKeyPair.Generate();
        var ciphertext = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out var enc);

        // Includes bit 255, which X25519 ignores: enc is also bound through kem_context, so that flip fails too.
        foreach (var altered in EveryBitFlip(enc))
        {
            Assert.ThrowsAny<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, altered, Info, Aad, ciphertext));
        }
    }

    [Fact]
    public void Open_WithAlteredAad_Fails()
    {
        var recipient = EncryptionKeyPair.Generate();
        var ciphertext = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out var enc);

        Assert.Throws<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, enc, Info, "bundle-0002"u8, ciphertext));
        Assert.Throws<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, enc, Info, [], ciphertext));
    }

    [Fact]
    public void Open_WithAlteredInfo_Fails()
    {
        var recipient = EncryptionKeyPair.Generate();
        var ciphertext = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out var enc);

        foreach (var altered in EveryBitFlip(Info))
        {
            Assert.Throws<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, enc, altered, Aad, ciphertext));
        }

        Assert.Throws<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, enc, [], Aad, ciphertext));
    }

    [Fact]
    public void Open_WithAnyFlippedBitOfCiphertext_Fails()
    {
        var recipient = EncryptionKeyPair.Generate();
        var ciphertext = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out var enc);
        var flips = 0;

        foreach (var altered in EveryBitFlip(ciphertext))
        {
            Assert.Throws<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, enc, Info, Aad, altered));
            flips++;
        }

        Assert.Equal((Secret.Length + Hpke.TagLength) * 8, flips);
    }

    [Fact]
    public void Open_OfTruncatedOrExtendedCiphertext_Fails()
    {
        var recipient = EncryptionKeyPair.Generate();
        var ciphertext = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out var enc);

        Assert.Throws<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, enc, Info, Aad, ciphertext.AsSpan(..^1)));
        Assert.Throws<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, enc, Info, Aad, [.. ciphertext, 0]));
        var ex = Assert.Throws<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, enc, Info, Aad, ciphertext.AsSpan(..(Hpke.TagLength - 1))));
        Assert.Contains("shorter than the 16-byte tag", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Open_WithEncOfWrongLength_FailsClearly(int length)
    {
        var recipient = EncryptionKeyPair.Generate();
        var ciphertext = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out _);

        var ex = Assert.Throws<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, new byte[length], Info, Aad, ciphertext));
        Assert.Contains($"enc is {length} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WithLowOrderEnc_IsRefused()
    {
        var recipient = EncryptionKeyPair.Generate();
        var ciphertext = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out _);

        // u = 0 and u = 1 are low-order points: the X25519 output is all zero whatever the private key.
        foreach (var lowOrder in new[] { new byte[32], [1, .. new byte[31]] })
        {
            var ex = Assert.Throws<CryptographicException>(() => Hpke.Open(recipient.PrivateKey, lowOrder, Info, Aad, ciphertext));
            Assert.Contains("low-order", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Seal_ToLowOrderPublicKey_IsRefused()
    {
        var ex = Assert.Throws<CryptographicException>(() => Hpke.Seal(new byte[32], Info, Aad, Secret, out _));
        Assert.Contains("low-order", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Seal_WithPublicKeyNot32Bytes_ThrowsArgumentException(int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => Hpke.Seal(new byte[length], Info, Aad, Secret, out _));
        Assert.Equal("recipientPublicKey", ex.ParamName);
        Assert.Contains($"not {length}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(64)]
    public void Open_WithPrivateKeyNot32Bytes_ThrowsArgumentException(int length)
    {
        var recipient = EncryptionKeyPair.Generate();
        var ciphertext = Hpke.Seal(recipient.PublicKey, Info, Aad, Secret, out var enc);

        var ex = Assert.Throws<ArgumentException>(() => Hpke.Open(new byte[length], enc, Info, Aad, ciphertext));
        Assert.Equal("recipientPrivateKey", ex.ParamName);
        Assert.Contains($"not {length}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_OpenFailure_DoesNotAdvanceSequence()
    {
        var recipient = EncryptionKeyPair.Generate();
        var skE = RandomNumberGenerator.GetBytes(32);
        using var sender = Hpke.SetupBaseS(recipient.PublicKey, Info, skE, out var enc);
        using var receiver = Hpke.SetupBaseR(enc, recipient.PrivateKey, Info);
        var first = sender.Seal(Aad, "one"u8);
        var second = sender.Seal(Aad, "two"u8);

        // Out of order: message 1 under nonce 0 fails, and the receiver still expects message 0.
        Assert.Throws<CryptographicException>(() => receiver.Open(Aad, second));
        Assert.Equal(0UL, receiver.SequenceNumber);
        Assert.Equal("one"u8.ToArray(), receiver.Open(Aad, first));
        Assert.Equal("two"u8.ToArray(), receiver.Open(Aad, second));
    }

    [Fact]
    public void Context_RolesAreOneWay()
    {
        var recipient = EncryptionKeyPair.Generate();
        var skE = RandomNumberGenerator.GetBytes(32);
        using var sender = Hpke.SetupBaseS(recipient.PublicKey, Info, skE, out var enc);
        using var receiver = Hpke.SetupBaseR(enc, recipient.PrivateKey, Info);

        Assert.Throws<InvalidOperationException>(() => sender.Open(Aad, new byte[Hpke.TagLength]));
        Assert.Throws<InvalidOperationException>(() => receiver.Seal(Aad, Secret));
    }

    [Fact]
    public void Context_AfterDispose_RefusesUse()
    {
        var recipient = EncryptionKeyPair.Generate();
        var sender = Hpke.SetupBaseS(recipient.PublicKey, Info, RandomNumberGenerator.GetBytes(32), out _);
        sender.Dispose();

        Assert.Throws<ObjectDisposedException>(() => sender.Seal(Aad, Secret));
        Assert.Throws<ObjectDisposedException>(() => sender.Export([], 32));
    }

    private static IEnumerable<byte[]> EveryBitFlip(byte[] original)
    {
        for (var bit = 0; bit < original.Length * 8; bit++)
        {
            var altered = (byte[])original.Clone();
            altered[bit / 8] ^= (byte)(1 << (bit % 8));
            yield return altered;
        }
    }
}
