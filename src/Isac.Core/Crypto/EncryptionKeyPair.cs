using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace Isac.Core.Crypto;

/// <summary>An X25519 (RFC 7748) key pair: the member's key for receiving wrapped content secrets.</summary>
public sealed class EncryptionKeyPair
{
    /// <summary>Length of a raw X25519 key in bytes.</summary>
    public const int KeyLength = 32;

    private readonly byte[] _privateKey;

    private EncryptionKeyPair(byte[] privateKey)
    {
        _privateKey = privateKey;
        PublicKey = new byte[KeyLength];
        X25519.ScalarMultBase(privateKey, PublicKey);
        KeyId = Crypto.KeyId.Of(PublicKey);
    }

    /// <summary>The raw 32-byte public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The key id of <see cref="PublicKey"/>.</summary>
    public byte[] KeyId { get; }

    /// <summary>The raw private key, for HPKE decapsulation inside this library.</summary>
    internal ReadOnlySpan<byte> PrivateKey => _privateKey;

    /// <summary>Generates a fresh key pair from the operating system's CSPRNG.</summary>
    public static EncryptionKeyPair Generate() => new(RandomNumberGenerator.GetBytes(KeyLength));

    /// <summary>Loads a key pair from its raw 32-byte private key.</summary>
    public static EncryptionKeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength)
        {
            throw new ArgumentException($"An X25519 private key is {KeyLength} bytes, not {privateKey.Length}.", nameof(privateKey));
        }

        return new EncryptionKeyPair(privateKey.ToArray());
    }

    /// <summary>Overwrites the private key in memory with zeros: the key pair opens nothing afterwards.</summary>
    public void Erase() => CryptographicOperations.ZeroMemory(_privateKey);

    /// <summary>A copy of the raw private key, for encrypted storage only.</summary>
    public byte[] ExportPrivateKey() => (byte[])_privateKey.Clone();
}
