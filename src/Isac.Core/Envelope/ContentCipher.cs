using System.Security.Cryptography;
using System.Text;

namespace Isac.Core.Envelope;

/// <summary>
/// Content encryption with a key commitment. A fresh 32-byte content secret per bundle; HKDF-SHA256 derives
/// the AES-256-GCM key (info <c>isac/v1/content-key || bundle id</c>) and a separate commitment value
/// (info <c>isac/v1/commit || bundle id</c>), so no key does two jobs. AES-GCM alone does not commit to its
/// key; checking the commitment first means one signed bundle cannot open to different texts for different
/// recipients. Ciphertext layout: nonce (12) || ciphertext || tag (16).
/// </summary>
internal static class ContentCipher
{
    public const int SecretLength = 32;
    public const int NonceLength = 12;
    public const int TagLength = 16;
    public const int Overhead = NonceLength + TagLength;

    private static readonly byte[] KeyLabel = Encoding.ASCII.GetBytes("isac/v1/content-key");
    private static readonly byte[] CommitLabel = Encoding.ASCII.GetBytes("isac/v1/commit");

    public static byte[] Commitment(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> bundleId)
        => Expand(secret, CommitLabel, bundleId);

    /// <summary>Encrypts under the key derived from <paramref name="secret"/> with a fresh random <paramref name="nonce"/>.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> bundleId, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var key = Expand(secret, KeyLabel, bundleId);
        try
        {
            var output = new byte[NonceLength + plaintext.Length + TagLength];
            nonce.CopyTo(output);
            using var aes = new AesGcm(key, TagLength);
            aes.Encrypt(nonce, plaintext, output.AsSpan(NonceLength, plaintext.Length), output.AsSpan(NonceLength + plaintext.Length), associatedData);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Decrypts; throws <see cref="AuthenticationTagMismatchException"/> if the tag does not verify.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> bundleId, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        if (ciphertext.Length < Overhead)
        {
            throw new AuthenticationTagMismatchException("The ciphertext is shorter than its nonce and tag.");
        }

        var key = Expand(secret, KeyLabel, bundleId);
        try
        {
            var plaintext = new byte[ciphertext.Length - Overhead];
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(ciphertext[..NonceLength], ciphertext[NonceLength..^TagLength], ciphertext[^TagLength..], plaintext, associatedData);
            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Expand(ReadOnlySpan<byte> secret, byte[] label, ReadOnlySpan<byte> bundleId)
    {
        Span<byte> prk = stackalloc byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, secret, [], prk);
        var info = new byte[label.Length + bundleId.Length];
        label.CopyTo(info, 0);
        bundleId.CopyTo(info.AsSpan(label.Length));
        var output = new byte[32];
        HKDF.Expand(HashAlgorithmName.SHA256, prk, output, info);
        CryptographicOperations.ZeroMemory(prk);
        return output;
    }
}
