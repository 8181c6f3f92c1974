using System.Buffers;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Isac.Core.Crypto;

/// <summary>Ed25519 signature verification over <c>context || 0x00 || message</c>.</summary>
public static class Signatures
{
    /// <summary>Length of an Ed25519 signature in bytes.</summary>
    public const int SignatureLength = 64;

    /// <summary>Length of an Ed25519 public key in bytes.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>
    /// True only if <paramref name="signature"/> is a valid Ed25519 signature by <paramref name="publicKey"/>
    /// over <paramref name="message"/> under <paramref name="context"/>. Malformed keys or signatures are false.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, SignatureContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(context);
        var length = context.Prefix.Length + message.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            context.Prefix.CopyTo(buffer, 0);
            message.CopyTo(buffer.AsSpan(context.Prefix.Length));
            return VerifyRaw(publicKey, buffer.AsSpan(0, length), signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Plain RFC 8032 Ed25519 verification over exactly <paramref name="message"/>, with no context: only for
    /// <see cref="Verify"/> and the RFC test vectors. Malformed keys or signatures are false.
    /// </summary>
    internal static bool VerifyRaw(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        return Ed25519.Verify(signature, publicKey, message);
    }
}
