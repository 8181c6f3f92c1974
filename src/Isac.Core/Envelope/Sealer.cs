using System.Security.Cryptography;
using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Labels;
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
    private readonly SigningKeyPair _signingKey;
    private readonly string _senderMemberId;
    private readonly TimeProvider _time;

    /// <summary>Creates a sealer for <paramref name="senderMemberId"/> signing with <paramref name="signingKey"/>.</summary>
    public Sealer(string senderMemberId, SigningKeyPair signingKey, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(senderMemberId);
        _signingKey = signingKey ?? throw new ArgumentNullException(nameof(signingKey));
        _senderMemberId = senderMemberId;
        _time = time ?? TimeProvider.System;
    }

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

    private static byte[] SealEncrypted(SealRequest request, Bundle bundle, RoutingHeader header, SealedBundle sealedBundle)
    {
        if (request.Recipients.Count is 0 or > WireLimits.MaxRecipients)
        {
            throw new ArgumentException($"A bundle above TLP:CLEAR needs 1 to {WireLimits.MaxRecipients} recipients, not {request.Recipients.Count}.", nameof(request));
        }

        var bundleId = bundle.Id.Span;
        var secret = ContentCipher.NewSecret();
        try
        {
            var leaves = new ReadOnlyMemory<byte>[request.Recipients.Count];
            for (var i = 0; i < request.Recipients.Count; i++)
            {
                var recipient = request.Recipients[i];
                var info = EnvelopeFormat.WrapInfo(bundleId, recipient.MemberId, recipient.EncryptionKeyId);
                var wrapped = Hpke.Seal(recipient.EncryptionPublicKey, info, bundleId, secret, out var enc);
                var entry = new RecipientEntry
                {
                    MemberId = recipient.MemberId,
                    KeyId = ByteString.CopyFrom(recipient.EncryptionKeyId),
                    Enc = ByteString.CopyFrom(enc),
                    WrappedKey = ByteString.CopyFrom(wrapped),
                };
                var entryBytes = ByteString.CopyFrom(entry.ToByteArray());
                sealedBundle.Entries.Add(entryBytes);
                leaves[i] = entryBytes.Memory;
            }

            header.RecipientCount = (uint)leaves.Length;
            header.RecipientsRoot = ByteString.CopyFrom(new MerkleTree(leaves).Root);
            header.KeyCommitment = ByteString.CopyFrom(ContentCipher.Commitment(secret, bundleId));
            return ContentCipher.Encrypt(secret, bundleId, bundle.ToByteArray(), EnvelopeFormat.AssociatedData(header));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
