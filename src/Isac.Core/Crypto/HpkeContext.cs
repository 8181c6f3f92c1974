using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Isac.Core.Crypto;

/// <summary>
/// An RFC 9180 encryption context (section 5.2) for the <see cref="Hpke"/> suite: a sender context only seals,
/// a receiver context only opens, each with its own sequence number; both can export. Not thread-safe.
/// </summary>
internal sealed class HpkeContext : IDisposable
{
    private readonly bool _isSender;
    private readonly byte[] _key;
    private readonly byte[] _baseNonce;
    private readonly byte[]? _exporterSecret;
    private readonly ChaCha20Poly1305 _aead;
    private bool _disposed;

    /// <param name="isSender">A sender context seals; a receiver context opens.</param>
    /// <param name="key">The AEAD key.</param>
    /// <param name="baseNonce">The base nonce.</param>
    /// <param name="exporterSecret">The exporter secret, or null for a context that never exports (a single-shot seal).</param>
    internal HpkeContext(bool isSender, byte[] key, byte[] baseNonce, byte[]? exporterSecret)
    {
        _isSender = isSender;
        _key = key;
        _baseNonce = baseNonce;
        _exporterSecret = exporterSecret;
        _aead = new ChaCha20Poly1305(key);
    }

    /// <summary>The AEAD key, exposed for the RFC vectors.</summary>
    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>The base nonce, exposed for the RFC vectors.</summary>
    internal ReadOnlySpan<byte> BaseNonce => _baseNonce;

    /// <summary>The exporter secret, exposed for the RFC vectors.</summary>
    internal ReadOnlySpan<byte> ExporterSecret => _exporterSecret ?? throw new InvalidOperationException("This HPKE context was set up without an exporter secret.");

    /// <summary>The sequence number of the next message.</summary>
    internal ulong SequenceNumber { get; private set; }

    /// <summary>Seals the next message: returns <c>ciphertext || tag</c>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_isSender)
        {
            throw new InvalidOperationException("An HPKE receiver context can only open.");
        }

        Span<byte> nonce = stackalloc byte[Hpke.NonceLength];
        ComputeNonce(_baseNonce, SequenceNumber, nonce);
        var output = new byte[plaintext.Length + Hpke.TagLength];
        _aead.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), aad);
        IncrementSequenceNumber();
        return output;
    }

    /// <summary>Opens the next message (<c>ciphertext || tag</c>); the sequence number advances only on success.</summary>
    /// <exception cref="CryptographicException">The ciphertext is shorter than a tag or fails the tag check.</exception>
    public byte[] Open(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_isSender)
        {
            throw new InvalidOperationException("An HPKE sender context can only seal.");
        }

        if (ciphertext.Length < Hpke.TagLength)
        {
            throw new CryptographicException($"HPKE open failed: the ciphertext is {ciphertext.Length} bytes, shorter than the {Hpke.TagLength}-byte tag.");
        }

        Span<byte> nonce = stackalloc byte[Hpke.NonceLength];
        ComputeNonce(_baseNonce, SequenceNumber, nonce);
        var plaintextLength = ciphertext.Length - Hpke.TagLength;
        var plaintext = new byte[plaintextLength];
        try
        {
            _aead.Decrypt(nonce, ciphertext[..plaintextLength], ciphertext[plaintextLength..], plaintext, aad);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new CryptographicException("HPKE open failed: the tag does not match (wrong key, or altered enc, info, aad or ciphertext).", ex);
        }

        IncrementSequenceNumber();
        return plaintext;
    }

    /// <summary>RFC 9180 section 5.3: <c>LabeledExpand(exporter_secret, "sec", exporter_context, L)</c>.</summary>
    public byte[] Export(ReadOnlySpan<byte> exporterContext, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_exporterSecret is null)
        {
            throw new InvalidOperationException("This HPKE context was set up without an exporter secret.");
        }

        // HKDF-Expand can give at most 255 blocks of SHA-256.
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 255 * Hpke.HashLength);
        var output = new byte[length];
        Hpke.LabeledExpand(Hpke.SuiteId, _exporterSecret, "sec"u8, exporterContext, output);
        return output;
    }

    /// <summary><c>nonce = base_nonce XOR I2OSP(seq, Nn)</c>.</summary>
    internal static void ComputeNonce(ReadOnlySpan<byte> baseNonce, ulong sequenceNumber, Span<byte> nonce)
    {
        // A ulong fills the low 8 of the 12 nonce bytes; the top 4 bytes of I2OSP(seq, 12) stay zero.
        nonce.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[(Hpke.NonceLength - sizeof(ulong))..], sequenceNumber);
        for (var i = 0; i < Hpke.NonceLength; i++)
        {
            nonce[i] ^= baseNonce[i];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _aead.Dispose();
        CryptographicOperations.ZeroMemory(_key);
        if (_exporterSecret is not null)
        {
            CryptographicOperations.ZeroMemory(_exporterSecret);
        }
    }

    private void IncrementSequenceNumber()
    {
        // RFC 9180 section 5.2: refuse to reuse a nonce. A ulong ends before 2^96 - 1, which only makes the limit stricter.
        if (SequenceNumber == ulong.MaxValue)
        {
            throw new CryptographicException("HPKE message limit reached: the sequence number would repeat a nonce.");
        }

        SequenceNumber++;
    }
}
