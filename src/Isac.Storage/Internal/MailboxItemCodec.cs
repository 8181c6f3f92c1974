using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Isac.Storage.Internal;

/// <summary>
/// The bytes of one mailbox item, stored as the sorted-set member (score = sequence). Fixed layout, version 1:
/// <code>
/// offset  size  field
///   0      16   accepted-at, Unix milliseconds as zero-padded ASCII decimal (the Lua retention trim reads it)
///  16      16   bundle id (raw; the Lua trims use it as the id-index field)
///  32       4   entry length n, unsigned big-endian
///  36       n   recipient entry bytes
///  36+n     4   proof length m, unsigned big-endian
///  40+n     m   Merkle proof bytes
/// </code>
/// The bundle id makes every member of one mailbox distinct (the id index admits each bundle once).
/// </summary>
internal static class MailboxItemCodec
{
    private const int TimeDigits = 16;
    private const int HeaderLength = TimeDigits + StoreKeys.BundleIdLength;

    public static byte[] Encode(DateTimeOffset acceptedAt, ReadOnlySpan<byte> bundleId, ReadOnlySpan<byte> entry, ReadOnlySpan<byte> proof)
    {
        var ms = acceptedAt.ToUnixTimeMilliseconds();
        if (ms < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(acceptedAt), "Accepted-at must not be before 1970.");
        }

        var bytes = new byte[HeaderLength + 4 + entry.Length + 4 + proof.Length];
        Encoding.ASCII.GetBytes(ms.ToString("D16", CultureInfo.InvariantCulture), bytes);
        bundleId.CopyTo(bytes.AsSpan(TimeDigits));
        var offset = HeaderLength;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset), (uint)entry.Length);
        entry.CopyTo(bytes.AsSpan(offset + 4));
        offset += 4 + entry.Length;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset), (uint)proof.Length);
        proof.CopyTo(bytes.AsSpan(offset + 4));
        return bytes;
    }

    public static (DateTimeOffset AcceptedAt, byte[] BundleId, byte[] Entry, byte[] Proof) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength + 8
            || !long.TryParse(bytes[..TimeDigits], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            throw new InvalidDataException("A mailbox item is malformed.");
        }

        var bundleId = bytes.Slice(TimeDigits, StoreKeys.BundleIdLength).ToArray();
        var rest = bytes[HeaderLength..];
        var entry = ReadChunk(ref rest);
        var proof = ReadChunk(ref rest);
        if (!rest.IsEmpty)
        {
            throw new InvalidDataException("A mailbox item has trailing bytes.");
        }

        return (DateTimeOffset.FromUnixTimeMilliseconds(ms), bundleId, entry, proof);
    }

    private static byte[] ReadChunk(ref ReadOnlySpan<byte> rest)
    {
        if (rest.Length < 4)
        {
            throw new InvalidDataException("A mailbox item is truncated.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(rest);
        if (length > (uint)(rest.Length - 4))
        {
            throw new InvalidDataException("A mailbox item is truncated.");
        }

        var chunk = rest.Slice(4, (int)length).ToArray();
        rest = rest[(4 + (int)length)..];
        return chunk;
    }
}
