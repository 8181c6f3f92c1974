using System.Security.Cryptography;
using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>
/// The checks every reader of a sealed bundle makes, in the order the broker and the nodes make them:
/// bounded parse, version and suite, sender and signature, digest, Merkle root. Each failure throws an
/// <see cref="EnvelopeException"/> with a precise <see cref="EnvelopeError"/>.
/// </summary>
public static class EnvelopeReader
{
    /// <summary>
    /// Parses a routing header: size bound, canonical encoding (no unknown fields), protocol version, suite,
    /// field lengths and the label/entry consistency rules of docs/wire.md.
    /// </summary>
    public static RoutingHeader ParseHeader(ReadOnlySpan<byte> headerBytes)
    {
        if (headerBytes.Length > WireLimits.MaxHeaderBytes)
        {
            throw new EnvelopeException(EnvelopeError.TooLarge, $"header is {headerBytes.Length} bytes; the limit is {WireLimits.MaxHeaderBytes}");
        }

        if (!CanonicalProto.TryParse(RoutingHeader.Parser, headerBytes, out var header, out var error))
        {
            var code = error.StartsWith("malformed", StringComparison.Ordinal) ? EnvelopeError.Malformed : EnvelopeError.NonCanonical;
            throw new EnvelopeException(code, error);
        }

        if (header.ProtocolVersion != WireLimits.ProtocolVersion)
        {
            throw new EnvelopeException(EnvelopeError.UnsupportedVersion, $"protocol version {header.ProtocolVersion} is not supported (expected {WireLimits.ProtocolVersion})");
        }

        if (!header.SuiteId.Span.SequenceEqual(Hpke.SuiteId))
        {
            throw new EnvelopeException(EnvelopeError.UnsupportedSuite, $"suite {Convert.ToHexStringLower(header.SuiteId.Span)} is not supported");
        }

        Require(header.BundleId.Length == WireLimits.BundleIdLength, "bundle id must be 16 bytes");
        Require(header.SenderKeyId.Length == KeyId.Length, "sender key id must be 16 bytes");
        Require(header.SenderMemberId.Length > 0, "sender member id is missing");
        Require(header.Tlp is >= TlpLabel.Clear and <= TlpLabel.Red, "TLP label is missing or unknown");
        Require(header.CiphertextSha256.Length == WireLimits.DigestLength, "ciphertext digest must be 32 bytes");
        Require(header.Audience is not null, "audience is missing");
        if (header.Tlp == TlpLabel.Clear)
        {
            Require(header.RecipientCount == 0 && header.RecipientsRoot.IsEmpty && header.KeyCommitment.IsEmpty, "a TLP:CLEAR header carries no recipients, root or key commitment");
        }
        else
        {
            Require(header.RecipientCount is > 0 and <= WireLimits.MaxRecipients, $"recipient count must be 1 to {WireLimits.MaxRecipients}");
            Require(header.RecipientsRoot.Length == WireLimits.DigestLength, "Merkle root must be 32 bytes");
            Require(header.KeyCommitment.Length == WireLimits.CommitmentLength, "key commitment must be 32 bytes");
        }

        return header;
    }

    /// <summary>The header's label as a <see cref="Tlp"/>.</summary>
    public static Tlp LabelOf(RoutingHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return (Tlp)(int)header.Tlp;
    }

    /// <summary>
    /// Finds the sender's active card and verifies the header signature with its key.
    /// </summary>
    public static Member VerifySender(ReadOnlySpan<byte> headerBytes, ReadOnlySpan<byte> signature, RoutingHeader header, IMemberDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(directory);
        var sender = directory.FindActive(header.SenderMemberId)
            ?? throw new EnvelopeException(EnvelopeError.UnknownSender, $"sender '{header.SenderMemberId}' is not an active member of directory version {directory.Version}");
        if (!header.SenderKeyId.Span.SequenceEqual(sender.SigningKeyId))
        {
            throw new EnvelopeException(EnvelopeError.SenderKeyMismatch, $"header names signing key {KeyId.ToHex(header.SenderKeyId.Span)}, but '{sender.MemberId}' holds {KeyId.ToHex(sender.SigningKeyId)}");
        }

        if (!Signatures.Verify(sender.SigningPublicKey, SignatureContext.Header, headerBytes, signature))
        {
            throw new EnvelopeException(EnvelopeError.BadSignature, $"header signature does not verify with the key of '{sender.MemberId}'");
        }

        return sender;
    }

    /// <summary>Checks the ciphertext against the signed SHA-256 digest.</summary>
    public static void VerifyDigest(RoutingHeader header, ReadOnlySpan<byte> ciphertext)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (ciphertext.Length > WireLimits.MaxCiphertextBytes)
        {
            throw new EnvelopeException(EnvelopeError.TooLarge, $"ciphertext is {ciphertext.Length} bytes; the limit is {WireLimits.MaxCiphertextBytes}");
        }

        Span<byte> digest = stackalloc byte[WireLimits.DigestLength];
        SHA256.HashData(ciphertext, digest);
        if (!CryptographicOperations.FixedTimeEquals(digest, header.CiphertextSha256.Span))
        {
            throw new EnvelopeException(EnvelopeError.DigestMismatch, "ciphertext does not match the digest in the signed header");
        }
    }

    /// <summary>
    /// Parses every entry (canonical, bounded) and checks that they hash to the signed Merkle root.
    /// Returns the parsed entries and the tree (for per-recipient proofs).
    /// </summary>
    public static (IReadOnlyList<RecipientEntry> Entries, MerkleTree? Tree) VerifyEntries(RoutingHeader header, IReadOnlyList<ByteString> entryBytes)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(entryBytes);
        if (header.Tlp == TlpLabel.Clear)
        {
            Require(entryBytes.Count == 0, "a TLP:CLEAR bundle carries no recipient entries");
            return ([], null);
        }

        if (entryBytes.Count > WireLimits.MaxRecipients)
        {
            throw new EnvelopeException(EnvelopeError.TooLarge, $"{entryBytes.Count} recipient entries; the limit is {WireLimits.MaxRecipients}");
        }

        if ((uint)entryBytes.Count != header.RecipientCount)
        {
            throw new EnvelopeException(EnvelopeError.BadMerkleRoot, $"{entryBytes.Count} entries, but the signed header says {header.RecipientCount}");
        }

        var entries = new RecipientEntry[entryBytes.Count];
        var leaves = new ReadOnlyMemory<byte>[entryBytes.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = ParseEntry(entryBytes[i].Span);
            leaves[i] = entryBytes[i].Memory;
        }

        var tree = new MerkleTree(leaves);
        if (!CryptographicOperations.FixedTimeEquals(tree.Root, header.RecipientsRoot.Span))
        {
            throw new EnvelopeException(EnvelopeError.BadMerkleRoot, "recipient entries do not hash to the Merkle root in the signed header");
        }

        return (entries, tree);
    }

    /// <summary>Parses one recipient entry: bounded, canonical, with well-formed lengths.</summary>
    public static RecipientEntry ParseEntry(ReadOnlySpan<byte> entryBytes)
    {
        if (entryBytes.Length > WireLimits.MaxEntryBytes)
        {
            throw new EnvelopeException(EnvelopeError.TooLarge, $"recipient entry is {entryBytes.Length} bytes; the limit is {WireLimits.MaxEntryBytes}");
        }

        if (!CanonicalProto.TryParse(RecipientEntry.Parser, entryBytes, out var entry, out var error))
        {
            var code = error.StartsWith("malformed", StringComparison.Ordinal) ? EnvelopeError.Malformed : EnvelopeError.NonCanonical;
            throw new EnvelopeException(code, error);
        }

        Require(entry.MemberId.Length > 0, "recipient entry has no member id");
        Require(entry.KeyId.Length == KeyId.Length, "recipient key id must be 16 bytes");
        Require(entry.Enc.Length == Hpke.EncLength, "HPKE enc must be 32 bytes");
        Require(entry.WrappedKey.Length == ContentCipher.SecretLength + Hpke.TagLength, "wrapped key must be 48 bytes");
        return entry;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new EnvelopeException(EnvelopeError.Malformed, message);
        }
    }
}
