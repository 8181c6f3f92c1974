namespace Isac.Core.Envelope;

/// <summary>Why a sealed bundle or a delivery was refused. Each value maps to one precise gRPC status.</summary>
public enum EnvelopeError
{
    /// <summary>Bytes that do not parse, or a field with the wrong length or value.</summary>
    Malformed = 1,

    /// <summary>A signed message with unknown fields or a non-canonical encoding.</summary>
    NonCanonical,

    /// <summary>A size limit of docs/wire.md was exceeded.</summary>
    TooLarge,

    /// <summary>A protocol version this code does not speak.</summary>
    UnsupportedVersion,

    /// <summary>A cipher suite this code does not speak.</summary>
    UnsupportedSuite,

    /// <summary>The sender is not an active member of the directory (unknown, revoked or expired card).</summary>
    UnknownSender,

    /// <summary>The header names a signing key that is not the sender's current key.</summary>
    SenderKeyMismatch,

    /// <summary>The header signature does not verify with the sender's key.</summary>
    BadSignature,

    /// <summary>The ciphertext does not match the SHA-256 digest in the signed header.</summary>
    DigestMismatch,

    /// <summary>The entries do not hash to the Merkle root in the signed header, or their count differs.</summary>
    BadMerkleRoot,

    /// <summary>The recipient's Merkle proof does not lead to the root in the signed header.</summary>
    BadMerkleProof,

    /// <summary>The delivery's entry is addressed to another member.</summary>
    NotARecipient,

    /// <summary>The entry names an encryption key this member does not hold.</summary>
    UnknownRecipientKey,

    /// <summary>The wrapped content secret does not open with the recipient's key (HPKE failure).</summary>
    KeyUnwrapFailed,

    /// <summary>The unwrapped content secret does not match the key commitment in the signed header.</summary>
    CommitmentMismatch,

    /// <summary>The AES-GCM tag does not verify.</summary>
    DecryptionFailed,

    /// <summary>The bundle inside does not carry the header's bundle id.</summary>
    BundleIdMismatch,

    /// <summary>The label is above the recipient's clearance.</summary>
    AboveClearance,

    /// <summary>The broker's receipt is missing, malformed, badly signed, or for another bundle, sender or ciphertext.</summary>
    BadReceipt,

    /// <summary>The receipt is signed by a broker key that the directory does not certify.</summary>
    UnknownBrokerKey,

    /// <summary>The sender was revoked before the broker accepted the bundle (the receipt's accepted-at).</summary>
    SenderRevoked,
}
