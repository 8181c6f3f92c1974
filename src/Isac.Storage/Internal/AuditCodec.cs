using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Isac.Storage.Internal;

/// <summary>
/// Fixed binary layouts of the audit chain (all integers big-endian; a <c>str</c> or <c>bin</c> is a u16 length then
/// that many bytes, UTF-8 for <c>str</c>). Version 1:
/// <code>
/// record      u8 version=1 | i64 at (Unix ms) | str event | bin bundle id | str sender | u32 recipients | str decision | str reason
/// entry       u8 version=1 | u64 sequence | 32 hash | record bytes          (one element of the chain's list)
/// hash        SHA-256( previous hash (32 zero bytes before sequence 1) || u64 sequence || record bytes )
/// head        u64 sequence | 32 hash                                        (absent for an empty chain)
/// checkpoint  u8 version=1 | str broker id | u64 sequence | 32 head hash | i64 at (Unix ms)   (the signed body)
/// stored cp   u16 body length | body | 64 signature | 16 key id              (one element of the checkpoints list)
/// </code>
/// </summary>
internal static class AuditCodec
{
    public const int HashLength = 32;
    public const int HeadLength = 8 + HashLength;
    private const byte Version = 1;
    private const int KeyIdLength = 16;
    private const int SignatureLength = 64;

    public static byte[] EncodeRecord(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writer = new Writer();
        writer.U8(Version);
        writer.I64(record.At.ToUnixTimeMilliseconds());
        writer.Str(record.EventType);
        writer.Bin(record.BundleId ?? []);
        writer.Str(record.SenderMemberId);
        writer.U32(record.RecipientCount);
        writer.Str(record.Decision);
        writer.Str(record.Reason ?? string.Empty);
        return writer.ToArray();
    }

    public static AuditRecord DecodeRecord(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        if (reader.U8() != Version)
        {
            throw new InvalidDataException("Unknown audit record version.");
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(reader.I64());
        var record = new AuditRecord(reader.Str(), reader.Bin(), reader.Str(), reader.U32(), reader.Str(), reader.Str(), at);
        reader.End();
        return record;
    }

    public static byte[] ChainHash(ReadOnlySpan<byte> previousHash, ulong sequence, ReadOnlySpan<byte> record)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previousHash);
        Span<byte> seq = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(seq, sequence);
        hash.AppendData(seq);
        hash.AppendData(record);
        return hash.GetHashAndReset();
    }

    public static byte[] EncodeEntry(ulong sequence, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> record)
    {
        var bytes = new byte[1 + 8 + HashLength + record.Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1), sequence);
        hash.CopyTo(bytes.AsSpan(9));
        record.CopyTo(bytes.AsSpan(9 + HashLength));
        return bytes;
    }

    public static (ulong Sequence, byte[] Hash, byte[] Record) DecodeEntry(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 1 + 8 + HashLength || bytes[0] != Version)
        {
            throw new InvalidDataException("An audit entry is malformed.");
        }

        return (BinaryPrimitives.ReadUInt64BigEndian(bytes[1..]), bytes.Slice(9, HashLength).ToArray(), bytes[(9 + HashLength)..].ToArray());
    }

    public static byte[] EncodeHead(ulong sequence, ReadOnlySpan<byte> hash)
    {
        var bytes = new byte[HeadLength];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, sequence);
        hash.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    /// <summary>The head, or (0, zeros) for an empty chain.</summary>
    public static (ulong Sequence, byte[] Hash) DecodeHead(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return (0, new byte[HashLength]);
        }

        if (bytes.Length != HeadLength)
        {
            throw new InvalidDataException("The audit chain head is malformed.");
        }

        return (BinaryPrimitives.ReadUInt64BigEndian(bytes), bytes[8..].ToArray());
    }

    public static byte[] EncodeCheckpointBody(string brokerId, ulong sequence, ReadOnlySpan<byte> headHash, DateTimeOffset at)
    {
        var writer = new Writer();
        writer.U8(Version);
        writer.Str(brokerId);
        writer.U64(sequence);
        writer.Raw(headHash);
        writer.I64(at.ToUnixTimeMilliseconds());
        return writer.ToArray();
    }

    public static byte[] EncodeStoredCheckpoint(ReadOnlySpan<byte> body, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> keyId)
    {
        var writer = new Writer();
        writer.Bin(body);
        writer.Raw(signature);
        writer.Raw(keyId);
        return writer.ToArray();
    }

    public static AuditCheckpoint DecodeStoredCheckpoint(ReadOnlySpan<byte> bytes)
    {
        var outer = new Reader(bytes);
        var body = outer.Bin();
        var signature = outer.Raw(SignatureLength);
        var keyId = outer.Raw(KeyIdLength);
        outer.End();

        var reader = new Reader(body);
        if (reader.U8() != Version)
        {
            throw new InvalidDataException("Unknown audit checkpoint version.");
        }

        var brokerId = reader.Str();
        var sequence = reader.U64();
        var hash = reader.Raw(HashLength);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(reader.I64());
        reader.End();
        return new AuditCheckpoint(brokerId, sequence, hash, at, body, signature, keyId);
    }

    private sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public void U8(byte value) => _buffer.Write([value]);

        public void U32(uint value)
        {
            Span<byte> buffer = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
            _buffer.Write(buffer);
        }

        public void U64(ulong value)
        {
            Span<byte> buffer = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
            _buffer.Write(buffer);
        }

        public void I64(long value) => U64(unchecked((ulong)value));

        public void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

        public void Bin(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length > ushort.MaxValue)
            {
                throw new ArgumentException("An audit field is longer than 65535 bytes.");
            }

            Span<byte> buffer = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)bytes.Length);
            _buffer.Write(buffer);
            _buffer.Write(bytes);
        }

        public void Str(string? value) => Bin(Encoding.UTF8.GetBytes(value ?? string.Empty));

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public byte U8() => Raw(1)[0];

        public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Raw(4));

        public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Raw(8));

        public long I64() => unchecked((long)U64());

        public byte[] Bin() => Raw(BinaryPrimitives.ReadUInt16BigEndian(Raw(2)));

        public string Str() => Encoding.UTF8.GetString(Bin());

        public byte[] Raw(int length)
        {
            if (_rest.Length < length)
            {
                throw new InvalidDataException("An audit structure is truncated.");
            }

            var value = _rest[..length].ToArray();
            _rest = _rest[length..];
            return value;
        }

        public readonly void End()
        {
            if (!_rest.IsEmpty)
            {
                throw new InvalidDataException("An audit structure has trailing bytes.");
            }
        }
    }
}
