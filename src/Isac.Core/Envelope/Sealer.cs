using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>
/// Seals bundles for one sending member: wraps a fresh content secret to each recipient with HPKE, puts the
/// entries under a Merkle root, encrypts the bundle with AES-256-GCM bound to the header, and signs the
/// header. TLP:CLEAR is signed only. The caller resolves the recipients with the sharing policy first.
/// </summary>
public sealed class Sealer
{
    /// <summary>From this many recipients on, the HPKE wraps run in parallel across the cores.</summary>
    internal const int ParallelWrapThreshold = 64;

    private readonly SigningKeyPair _signingKey;
    private readonly string _senderMemberId;
    private readonly TimeProvider _time;
    private readonly RandomSource _random;
    private readonly int _maxParallelism;

    /// <summary>Creates a sealer for <paramref name="senderMemberId"/> signing with <paramref name="signingKey"/>.</summary>
    public Sealer(string senderMemberId, SigningKeyPair signingKey, TimeProvider? time = null)
        : this(senderMemberId, signingKey, time, RandomNumberGenerator.Fill, maxParallelism: -1)
    {
    }

    /// <summary>
    /// A sealer drawing its randomness (content secret, ephemeral keys, nonce) from <paramref name="random"/>, with
    /// at most <paramref name="maxParallelism"/> wraps at once (-1: as many as the cores), for tests that check
    /// the output does not depend on the thread count.
    /// </summary>
    internal Sealer(string senderMemberId, SigningKeyPair signingKey, TimeProvider? time, RandomSource random, int maxParallelism)
    {
        ArgumentException.ThrowIfNullOrEmpty(senderMemberId);
        _signingKey = signingKey ?? throw new ArgumentNullException(nameof(signingKey));
        _senderMemberId = senderMemberId;
        _time = time ?? TimeProvider.System;
        _random = random;
        _maxParallelism = maxParallelism;
    }

    /// <summary>Fills a buffer with random bytes.</summary>
    internal delegate void RandomSource(Span<byte> buffer);

    /// <summary>Seals <paramref name="request"/> into a <see cref="SealedBundle"/> ready to publish.</summary>
    public SealedBundle Seal(SealRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bundle = request.Bundle.Clone();
        if (bundle.Id.IsEmpty)
        {
            bundle.Id = ByteString.CopyFrom(BundleIds.New());
        }

        if (bundle.Id.Length != WireLimits.BundleIdLength)
        {
            throw new ArgumentException("A bundle id is 16 bytes (UUIDv7).", nameof(request));
        }

        if (bundle.Payload.Length > WireLimits.MaxPayloadBytes)
        {
            throw new ArgumentException($"The payload is {bundle.Payload.Length} bytes; the limit is {WireLimits.MaxPayloadBytes}.", nameof(request));
        }

        var header = new RoutingHeader
        {
            ProtocolVersion = WireLimits.ProtocolVersion,
            SuiteId = ByteString.CopyFrom(Hpke.SuiteId),
            BundleId = bundle.Id,
            SenderMemberId = _senderMemberId,
            SenderKeyId = ByteString.CopyFrom(_signingKey.KeyId),
            CreatedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            Tlp = (TlpLabel)(int)request.Label,
            Audience = request.Audience.Clone(),
            DirectoryVersion = request.DirectoryVersion,
            ForwardedFrom = request.ForwardedFrom?.Clone(),
        };

        var sealedBundle = new SealedBundle();
        byte[] ciphertext;
        if (request.Label == Tlp.Clear)
        {
            ciphertext = bundle.ToByteArray();
        }
        else
        {
            ciphertext = SealEncrypted(request, bundle, header, sealedBundle);
        }

        header.CiphertextSha256 = ByteString.CopyFrom(SHA256.HashData(ciphertext));
        var headerBytes = header.ToByteArray();
        if (headerBytes.Length > WireLimits.MaxHeaderBytes)
        {
            throw new ArgumentException($"The header is {headerBytes.Length} bytes; the limit is {WireLimits.MaxHeaderBytes}. Name fewer audience entries.", nameof(request));
        }

        sealedBundle.Header = ByteString.CopyFrom(headerBytes);
        sealedBundle.Signature = ByteString.CopyFrom(_signingKey.Sign(SignatureContext.Header, headerBytes));
        sealedBundle.Ciphertext = ByteString.CopyFrom(ciphertext);
        return sealedBundle;
    }

    private byte[] SealEncrypted(SealRequest request, Bundle bundle, RoutingHeader header, SealedBundle sealedBundle)
    {
        var count = request.Recipients.Count;
        if (count is 0 or > WireLimits.MaxRecipients)
        {
            throw new ArgumentException($"A bundle above TLP:CLEAR needs 1 to {WireLimits.MaxRecipients} recipients, not {count}.", nameof(request));
        }

        var bundleId = bundle.Id.ToByteArray();
        var secret = new byte[ContentCipher.SecretLength];
        // Every ephemeral key is drawn here, in recipient order, so the output does not depend on how the wraps
        // are scheduled across threads.
        var ephemeralKeys = new byte[count * Hpke.KemKeyLength];
        try
        {
            _random(secret);
            _random(ephemeralKeys);
            var entries = new ByteString[count];
            var failures = new Exception?[count];
            void Wrap(int i)
            {
                try
                {
                    entries[i] = WrapFor(request.Recipients[i], bundleId, secret, ephemeralKeys.AsSpan(i * Hpke.KemKeyLength, Hpke.KemKeyLength));
                }
                catch (Exception ex) when (ex is CryptographicException or ArgumentException)
                {
                    failures[i] = ex;
                }
            }

            if (count >= ParallelWrapThreshold && _maxParallelism != 1)
            {
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _maxParallelism }, Wrap);
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    Wrap(i);
                }
            }

            // The first failing recipient in order, as a sequential seal would report it.
            if (Array.Find(failures, failure => failure is not null) is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            var leaves = new ReadOnlyMemory<byte>[count];
            for (var i = 0; i < count; i++)
            {
                sealedBundle.Entries.Add(entries[i]);
                leaves[i] = entries[i].Memory;
            }

            header.RecipientCount = (uint)count;
            header.RecipientsRoot = ByteString.CopyFrom(new MerkleTree(leaves).Root);
            header.KeyCommitment = ByteString.CopyFrom(ContentCipher.Commitment(secret, bundleId));
            Span<byte> nonce = stackalloc byte[ContentCipher.NonceLength];
            _random(nonce);
            return ContentCipher.Encrypt(secret, bundleId, nonce, bundle.ToByteArray(), EnvelopeFormat.AssociatedData(header));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(ephemeralKeys);
        }
    }

    private static ByteString WrapFor(Member recipient, byte[] bundleId, byte[] secret, ReadOnlySpan<byte> ephemeralKey)
    {
        var keyId = recipient.EncryptionKeyId;
        var info = EnvelopeFormat.WrapInfo(bundleId, recipient.MemberId, keyId);
        var wrapped = Hpke.SealWithEphemeralKey(recipient.EncryptionPublicKey, info, bundleId, secret, ephemeralKey, out var enc);
        var entry = new RecipientEntry
        {
            MemberId = recipient.MemberId,
            KeyId = UnsafeByteOperations.UnsafeWrap(keyId),
            Enc = UnsafeByteOperations.UnsafeWrap(enc),
            WrappedKey = UnsafeByteOperations.UnsafeWrap(wrapped),
        };
        return entry.ToByteString();
    }
}
