using System.Security.Cryptography;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>
/// Opens deliveries for one receiving member. Plaintext is returned only after the header parses
/// canonically, the sender's active card signature verifies, the ciphertext matches the signed digest, the
/// recipient's entry is proven under the signed Merkle root, the key unwraps, the key commitment matches and
/// the AEAD tag verifies (TLP:CLEAR: the signature and the sender's card). Any failure throws an
/// <see cref="EnvelopeException"/> naming the check.
/// </summary>
public sealed class Opener
{
    private readonly string _memberId;
    private readonly IReadOnlyList<EncryptionKeyPair> _keys;

    /// <summary>
    /// Creates an opener for <paramref name="memberId"/> holding <paramref name="keys"/> (the current encryption
    /// key first; older keys stay until their mail is drained).
    /// </summary>
    public Opener(string memberId, IEnumerable<EncryptionKeyPair> keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        ArgumentNullException.ThrowIfNull(keys);
        _memberId = memberId;
        _keys = [.. keys];
    }

    /// <summary>Verifies and opens <paramref name="delivery"/> against <paramref name="directory"/>.</summary>
    public OpenedBundle Open(Delivery delivery, IMemberDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(directory);
        var header = EnvelopeReader.ParseHeader(delivery.Header.Span);
        var sender = EnvelopeReader.VerifySender(delivery.Header.Span, delivery.Signature.Span, header, directory);
        EnvelopeReader.VerifyDigest(header, delivery.Ciphertext.Span);
        var label = EnvelopeReader.LabelOf(header);

        if (label == Tlp.Clear)
        {
            if (!delivery.Entry.IsEmpty || delivery.Proof is not null)
            {
                throw new EnvelopeException(EnvelopeError.Malformed, "a TLP:CLEAR delivery carries no entry or proof");
            }

            return new OpenedBundle(header, label, sender, ParseBundle(delivery.Ciphertext.Span, header));
        }

        var self = directory.FindActive(_memberId)
            ?? throw new EnvelopeException(EnvelopeError.NotARecipient, $"'{_memberId}' is not an active member of directory version {directory.Version}");
        if (!self.IsClearedFor(label))
        {
            throw new EnvelopeException(EnvelopeError.AboveClearance, $"{TlpLabels.ToLabelString(label)} is above the clearance of '{_memberId}'");
        }

        var entry = EnvelopeReader.ParseEntry(delivery.Entry.Span);
        if (!string.Equals(entry.MemberId, _memberId, StringComparison.Ordinal))
        {
            throw new EnvelopeException(EnvelopeError.NotARecipient, $"the entry is addressed to '{entry.MemberId}', not '{_memberId}'");
        }

        if (delivery.Proof is null || !MerkleTree.VerifyProof(delivery.Entry.Span, delivery.Proof, header.RecipientsRoot.Span, header.RecipientCount))
        {
            throw new EnvelopeException(EnvelopeError.BadMerkleProof, "the entry's Merkle proof does not lead to the signed root");
        }

        var key = FindKey(entry.KeyId.Span)
            ?? throw new EnvelopeException(EnvelopeError.UnknownRecipientKey, $"no encryption key {KeyId.ToHex(entry.KeyId.Span)} is held by '{_memberId}'");
        var bundleId = header.BundleId.Span;
        byte[] secret;
        try
        {
            var info = EnvelopeFormat.WrapInfo(bundleId, _memberId, key.KeyId);
            secret = Hpke.Open(key.PrivateKey, entry.Enc.Span, info, bundleId, entry.WrappedKey.Span);
        }
        catch (CryptographicException ex)
        {
            throw new EnvelopeException(EnvelopeError.KeyUnwrapFailed, "the wrapped content key does not open with this member's key", ex);
        }

        try
        {
            if (secret.Length != ContentCipher.SecretLength
                || !CryptographicOperations.FixedTimeEquals(ContentCipher.Commitment(secret, bundleId), header.KeyCommitment.Span))
            {
                throw new EnvelopeException(EnvelopeError.CommitmentMismatch, "the content key does not match the key commitment in the signed header");
            }

            byte[] plaintext;
            try
            {
                plaintext = ContentCipher.Decrypt(secret, bundleId, delivery.Ciphertext.Span, EnvelopeFormat.AssociatedData(header));
            }
            catch (CryptographicException ex)
            {
                throw new EnvelopeException(EnvelopeError.DecryptionFailed, "the ciphertext does not authenticate", ex);
            }

            return new OpenedBundle(header, label, sender, ParseBundle(plaintext, header));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static Bundle ParseBundle(ReadOnlySpan<byte> bytes, RoutingHeader header)
    {
        if (!CanonicalProto.TryParse(Bundle.Parser, bytes, out var bundle, out var error))
        {
            throw new EnvelopeException(EnvelopeError.NonCanonical, error);
        }

        if (!bundle.Id.Span.SequenceEqual(header.BundleId.Span))
        {
            throw new EnvelopeException(EnvelopeError.BundleIdMismatch, "the bundle inside does not carry the header's bundle id");
        }

        return bundle;
    }

    private EncryptionKeyPair? FindKey(ReadOnlySpan<byte> keyId)
    {
        foreach (var key in _keys)
        {
            if (keyId.SequenceEqual(key.KeyId))
            {
                return key;
            }
        }

        return null;
    }
}
