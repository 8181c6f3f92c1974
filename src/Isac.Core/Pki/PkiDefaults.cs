using System.Security.Cryptography;

namespace Isac.Core.Pki;

/// <summary>Algorithm and lifetime choices of the hub PKI, in one place.</summary>
internal static class PkiDefaults
{
    /// <summary>Extended key usage OID id-kp-serverAuth.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Extended key usage OID id-kp-clientAuth.</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public static readonly TimeSpan CaValidity = TimeSpan.FromDays(365);

    public static readonly TimeSpan LeafValidity = TimeSpan.FromDays(90);

    // Issued certificates start a little in the past so that a peer whose clock runs slightly behind
    // does not see them as not yet valid.
    public static readonly TimeSpan BackdateBy = TimeSpan.FromMinutes(5);

    public static readonly HashAlgorithmName Hash = HashAlgorithmName.SHA256;

    // DESIGN.md: private keys at rest are encrypted PKCS#8 with PBKDF2-HMAC-SHA256, at least 600,000 iterations.
    public static readonly PbeParameters KeyEncryption = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 600_000);

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A positive 128-bit random serial number (RFC 5280 allows up to 20 octets).</summary>
    public static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        // Clear the sign bit (serials are positive) and set the next one so that the DER encoding keeps 16 octets.
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
