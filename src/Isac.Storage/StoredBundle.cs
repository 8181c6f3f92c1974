namespace Isac.Storage;

/// <summary>A bundle as stored once for all its recipients: the signed header, its signature and the ciphertext.</summary>
/// <param name="BundleId">The 16-byte bundle id.</param>
/// <param name="Header">The exact signed routing-header bytes.</param>
/// <param name="Signature">The sender's signature over the header.</param>
/// <param name="Ciphertext">The ciphertext (or, for TLP:CLEAR, the signed plaintext).</param>
/// <param name="Receipt">The broker's signed receipt bytes, or null before one was attached.</param>
public sealed record StoredBundle(byte[] BundleId, byte[] Header, byte[] Signature, byte[] Ciphertext, byte[]? Receipt = null);
