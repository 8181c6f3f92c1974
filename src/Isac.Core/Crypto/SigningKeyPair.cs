using System.Buffers;
using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Isac.Core.Crypto;

/// <summary>An Ed25519 (RFC 8032) key pair. Signs <c>context || 0x00 || message</c>.</summary>
public sealed class SigningKeyPair
{
    /// <summary>Length of a raw Ed25519 private key (the seed) in bytes.</summary>
    public const int PrivateKeyLength = 32;

    private readonly byte[] _privateKey;

    private SigningKeyPair(byte[] privateKey)
    {
        _privateKey = privateKey;
        PublicKey = new byte[Signatures.PublicKeyLength];
        Ed25519.GeneratePublicKey(privateKey, 0, PublicKey, 0);
        KeyId = Crypto.KeyId.Of(PublicKey);
    }

    /// <summary>The raw 32-byte public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The key id of <see cref="PublicKey"/>.</summary>
    public byte[] KeyId { get; }

    /// <summary>Generates a fresh key pair from the operating system's CSPRNG.</summary>
    public static SigningKeyPair Generate() => new(RandomNumberGenerator.GetBytes(PrivateKeyLength));

    /// <summary>Loads a key pair from its raw 32-byte private key (seed).</summary>
    public static SigningKeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != PrivateKeyLength)
        {
            throw new ArgumentException($"An Ed25519 private key is {PrivateKeyLength} bytes, not {privateKey.Length}.", nameof(privateKey));
        }

        return new SigningKeyPair(privateKey.ToArray());
    }

    /// <summary>A copy of the raw private key, for encrypted storage only.</summary>
    public byte[] ExportPrivateKey() => (byte[])_privateKey.Clone();

    /// <summary>Signs <paramref name="message"/> under <paramref name="context"/>.</summary>
    public byte[] Sign(SignatureContext context, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(context);
        var length = context.Prefix.Length + message.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            context.Prefix.CopyTo(buffer, 0);
            message.CopyTo(buffer.AsSpan(context.Prefix.Length));
            return SignRaw(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Plain RFC 8032 Ed25519 over exactly <paramref name="message"/>, with no context: only for
    /// <see cref="Sign"/> and the RFC test vectors. Everything else signs under a <see cref="SignatureContext"/>.
    /// </summary>
    internal byte[] SignRaw(ReadOnlySpan<byte> message)
    {
        var signature = new byte[Signatures.SignatureLength];
        // Spans on purpose: with a byte[] second argument, overload resolution would pick the Ed25519ctx
        // overload (byte[] ctx) and sign a different message.
        Ed25519.Sign((ReadOnlySpan<byte>)_privateKey, (ReadOnlySpan<byte>)PublicKey, message, signature);
        return signature;
    }
}
