namespace Isac.Core.Wire;

/// <summary>Protocol constants and size limits pinned in docs/wire.md.</summary>
public static class WireLimits
{
    /// <summary>The protocol version in every routing header.</summary>
    public const uint ProtocolVersion = 1;

    /// <summary>Largest routing header, in bytes.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>Most recipient entries in one bundle.</summary>
    public const int MaxRecipients = 20_000;

    /// <summary>Largest plaintext payload, in bytes (larger attachments are chunked, later).</summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    /// <summary>Largest ciphertext: the payload plus the Bundle framing, the nonce and the tag.</summary>
    public const int MaxCiphertextBytes = MaxPayloadBytes + (64 * 1024);

    /// <summary>Largest single recipient entry, in bytes (member id, key id, enc, wrapped key and framing).</summary>
    public const int MaxEntryBytes = 256;

    /// <summary>Length of a bundle id (UUIDv7) in bytes.</summary>
    public const int BundleIdLength = 16;

    /// <summary>Length of a SHA-256 digest.</summary>
    public const int DigestLength = 32;

    /// <summary>Length of the key commitment.</summary>
    public const int CommitmentLength = 32;
}
