using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>Byte-level constructions shared by the sealer, the opener and the broker (see docs/wire.md).</summary>
internal static class EnvelopeFormat
{
    private static readonly byte[] WrapLabel = Encoding.ASCII.GetBytes("isac/v1/wrap");

    /// <summary>
    /// HPKE <c>info</c>: "isac/v1/wrap" followed by the bundle id, recipient member id, recipient key id and suite
    /// id, each with a 4-byte big-endian length prefix, so a wrapped key is bound to one bundle and one recipient.
    /// </summary>
    public static byte[] WrapInfo(ReadOnlySpan<byte> bundleId, string memberId, ReadOnlySpan<byte> keyId)
    {
        var member = Encoding.UTF8.GetBytes(memberId);
        var suite = Hpke.SuiteId;
        var info = new byte[WrapLabel.Length + 16 + bundleId.Length + member.Length + keyId.Length + suite.Length];
        var span = info.AsSpan();
        WrapLabel.CopyTo(span);
        var offset = WrapLabel.Length;
        offset = WritePrefixed(span, offset, bundleId);
        offset = WritePrefixed(span, offset, member);
        offset = WritePrefixed(span, offset, keyId);
        WritePrefixed(span, offset, suite);
        return info;
    }

    /// <summary>
    /// The AES-GCM associated data: the exact header bytes with <c>ciphertext_sha256</c> left out. The header
    /// cannot carry the digest of a ciphertext that is computed over the header itself; the signature covers
    /// the full header, digest included, so the ciphertext is bound to the header both ways.
    /// </summary>
    public static byte[] AssociatedData(RoutingHeader header)
    {
        if (header.CiphertextSha256.IsEmpty)
        {
            return header.ToByteArray();
        }

        var copy = header.Clone();
        copy.CiphertextSha256 = ByteString.Empty;
        return copy.ToByteArray();
    }

    private static int WritePrefixed(Span<byte> destination, int offset, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], (uint)value.Length);
        value.CopyTo(destination[(offset + 4)..]);
        return offset + 4 + value.Length;
    }
}
