using System.Security.Cryptography;
using Isac.Core.Crypto;
using Isac.Core.Membership;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>
/// Checks a broker receipt (context <see cref="SignatureContext.Receipt"/>) against the broker keys the governance
/// root certified in a verified directory: the key is certified, the signature verifies over the exact receipt
/// bytes, the bytes are canonical, the accepted-at lies inside the key's certificate and not in the future, and the
/// receipt is for this bundle id, this sender and this ciphertext digest. Nodes run it on every delivery and on
/// every publish answer; its accepted-at is the broker's signed word for when the bundle was accepted.
/// </summary>
public static class ReceiptVerifier
{
    /// <summary>
    /// Verifies <paramref name="signedReceipt"/> for the bundle described by <paramref name="header"/>; throws an
    /// <see cref="EnvelopeException"/> (<see cref="EnvelopeError.BadReceipt"/> or <see cref="EnvelopeError.UnknownBrokerKey"/>) naming the failed check.
    /// </summary>
    public static VerifiedReceipt Verify(SignedReceipt? signedReceipt, RoutingHeader header, VerifiedDirectory directory, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(directory);
        if (signedReceipt is null || signedReceipt.Receipt.IsEmpty)
        {
            throw Bad("carries no broker receipt");
        }

        if (signedReceipt.BrokerKeyId.Length != KeyId.Length)
        {
            throw Bad($"names a broker key id of {signedReceipt.BrokerKeyId.Length} bytes, not {KeyId.Length}");
        }

        var key = directory.FindBrokerKey(signedReceipt.BrokerKeyId.Span)
            ?? throw new EnvelopeException(EnvelopeError.UnknownBrokerKey, $"the receipt is signed by broker key {KeyId.ToHex(signedReceipt.BrokerKeyId.Span)}, which directory version {directory.Version} does not certify");

        // Authenticate the exact bytes before reading anything in them.
        if (!Signatures.Verify(key.PublicKey, SignatureContext.Receipt, signedReceipt.Receipt.Span, signedReceipt.Signature.Span))
        {
            throw Bad($"signature does not verify with the certified broker key {KeyId.ToHex(key.KeyId)}");
        }

        if (!CanonicalProto.TryParse(Receipt.Parser, signedReceipt.Receipt.Span, out var receipt, out var error))
        {
            throw Bad(error);
        }

        if (!UnixMilliseconds.TryToDateTimeOffset(receipt.AcceptedAtMs, out var acceptedAt))
        {
            throw Bad("has an out-of-range accepted_at_ms");
        }

        if (!key.IsValidAt(acceptedAt))
        {
            throw Bad($"says accepted at {acceptedAt:O}, outside the certificate of broker key {KeyId.ToHex(key.KeyId)} ({key.NotBefore:O} to {key.NotAfter:O})");
        }

        if (acceptedAt > now + DirectoryVerifier.MaxClockSkew)
        {
            throw Bad($"says accepted at {acceptedAt:O}, in the future");
        }

        if (!receipt.BundleId.Span.SequenceEqual(header.BundleId.Span))
        {
            throw Bad($"is for bundle {Convert.ToHexStringLower(receipt.BundleId.Span)}, not {Convert.ToHexStringLower(header.BundleId.Span)}");
        }

        if (!string.Equals(receipt.SenderMemberId, header.SenderMemberId, StringComparison.Ordinal))
        {
            throw Bad($"names sender '{receipt.SenderMemberId}', not '{header.SenderMemberId}'");
        }

        if (!CryptographicOperations.FixedTimeEquals(receipt.CiphertextSha256.Span, header.CiphertextSha256.Span))
        {
            throw Bad("is for another ciphertext (its digest differs from the signedReceipt header's)");
        }

        return new VerifiedReceipt(receipt, acceptedAt, key);
    }

    private static EnvelopeException Bad(string what) => new(EnvelopeError.BadReceipt, $"the broker receipt {what}");
}
