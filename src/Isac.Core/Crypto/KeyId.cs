using System.Security.Cryptography;

namespace Isac.Core.Crypto;

/// <summary>Key identifiers: the first 16 bytes of SHA-256 over the raw 32-byte public key.</summary>
public static class KeyId
{
    /// <summary>Length of a key id in bytes.</summary>
    public const int Length = 16;

    /// <summary>Computes the key id of a raw public key.</summary>
    public static byte[] Of(ReadOnlySpan<byte> publicKey)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(publicKey, digest);
        return digest[..Length].ToArray();
    }

    /// <summary>The lower-case hex form used in logs, files and the CLI.</summary>
    public static string ToHex(ReadOnlySpan<byte> keyId) => Convert.ToHexStringLower(keyId);
}
