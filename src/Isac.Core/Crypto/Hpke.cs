using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace Isac.Core.Crypto;

/// <summary>
/// RFC 9180 HPKE in base mode with one fixed suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305
/// (the suite of the RFC's Appendix A.2). Used to wrap a bundle's content secret for each recipient.
/// </summary>
/// <remarks>
/// BouncyCastle 2.7.0 has no public HPKE API, so this composes BouncyCastle's X25519 with the platform's HKDF and
/// ChaCha20-Poly1305. Only base mode is offered: the sender is authenticated by the signed header, not by HPKE.
/// </remarks>
public static class Hpke
{
    /// <summary>Length of the encapsulated key <c>enc</c> (an X25519 public key) in bytes.</summary>
    public const int EncLength = 32;

    /// <summary>Length of the ChaCha20-Poly1305 tag that <see cref="Seal"/> appends, in bytes.</summary>
    public const int TagLength = 16;

    /// <summary>Npk = Nsk: length of an X25519 public or private key.</summary>
    internal const int KemKeyLength = 32;

    /// <summary>Nk: length of the ChaCha20-Poly1305 key.</summary>
    internal const int AeadKeyLength = 32;

    /// <summary>Nn: length of the ChaCha20-Poly1305 nonce.</summary>
    internal const int NonceLength = 12;

    /// <summary>Nh = Nsecret: output length of SHA-256, and of the KEM shared secret.</summary>
    internal const int HashLength = 32;

    private const byte ModeBase = 0x00;

    /// <summary>The RFC 9180 <c>suite_id</c>: <c>"HPKE" || kem_id 0x0020 || kdf_id 0x0001 || aead_id 0x0003</c>.</summary>
    public static ReadOnlySpan<byte> SuiteId => [(byte)'H', (byte)'P', (byte)'K', (byte)'E', 0x00, 0x20, 0x00, 0x01, 0x00, 0x03];

    /// <summary>The KEM's own <c>suite_id</c> (RFC 9180 section 4.1): <c>"KEM" || kem_id 0x0020</c>.</summary>
    private static ReadOnlySpan<byte> KemSuiteId => [(byte)'K', (byte)'E', (byte)'M', 0x00, 0x20];

    private static ReadOnlySpan<byte> VersionLabel => "HPKE-v1"u8;

    /// <summary>Room on the stack for a labeled ikm or info; longer ones go to the heap.</summary>
    private const int StackLabelBytes = 256;

    /// <summary><c>LabeledExtract("", "psk_id_hash", "")</c>: base mode's empty psk_id makes it a constant.</summary>
    private static readonly byte[] PskIdHash = ComputePskIdHash();

    /// <summary>
    /// Single-shot base-mode seal (sequence number 0) to <paramref name="recipientPublicKey"/> with a fresh
    /// ephemeral key. Returns the ciphertext (<c>plaintext.Length + </c><see cref="TagLength"/> bytes) and, in
    /// <paramref name="enc"/>, the <see cref="EncLength"/>-byte encapsulated key the recipient needs.
    /// </summary>
    /// <exception cref="ArgumentException">The public key is not 32 bytes.</exception>
    /// <exception cref="CryptographicException">The public key is a low-order point.</exception>
    public static byte[] Seal(ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> info, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, out byte[] enc)
    {
        Span<byte> ephemeralPrivateKey = stackalloc byte[KemKeyLength];
        RandomNumberGenerator.Fill(ephemeralPrivateKey);
        try
        {
            return SealWithEphemeralKey(recipientPublicKey, info, aad, plaintext, ephemeralPrivateKey, out enc);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeralPrivateKey);
        }
    }

    /// <summary>
    /// <see cref="Seal"/> with the ephemeral private key given (the caller draws it from a CSPRNG, and never reuses it). Derives no
    /// exporter secret: a single-shot seal exports nothing.
    /// </summary>
    internal static byte[] SealWithEphemeralKey(ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> info, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> ephemeralPrivateKey, out byte[] enc)
    {
        RequireKeyLength(recipientPublicKey, nameof(recipientPublicKey), "public");
        using var context = SetupBaseS(recipientPublicKey, info, ephemeralPrivateKey, out enc, withExporter: false);
        return context.Seal(aad, plaintext);
    }

    /// <summary>
    /// Single-shot base-mode open (sequence number 0): the inverse of <see cref="Seal"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The private key is not 32 bytes.</exception>
    /// <exception cref="CryptographicException">
    /// Malformed or low-order <paramref name="enc"/>, a ciphertext shorter than the tag, or a failed tag check
    /// (wrong key, or altered enc, info, aad or ciphertext).
    /// </exception>
    public static byte[] Open(ReadOnlySpan<byte> recipientPrivateKey, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> info, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        RequireKeyLength(recipientPrivateKey, nameof(recipientPrivateKey), "private");
        using var context = SetupBaseR(enc, recipientPrivateKey, info);
        return context.Open(aad, ciphertext);
    }

    /// <summary>RFC 9180 section 5.1.1 SetupBaseS, with the ephemeral private key given (fixed in the vectors).</summary>
    internal static HpkeContext SetupBaseS(ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> info, ReadOnlySpan<byte> ephemeralPrivateKey, out byte[] enc, bool withExporter = true)
    {
        var sharedSecret = Encap(recipientPublicKey, ephemeralPrivateKey, out enc);
        try
        {
            return KeySchedule(sharedSecret, info, isSender: true, withExporter);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    /// <summary>RFC 9180 section 5.1.1 SetupBaseR.</summary>
    internal static HpkeContext SetupBaseR(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> recipientPrivateKey, ReadOnlySpan<byte> info)
    {
        var sharedSecret = Decap(enc, recipientPrivateKey);
        try
        {
            return KeySchedule(sharedSecret, info, isSender: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    /// <summary>DHKEM Encap (RFC 9180 section 4.1) with the ephemeral private key given; returns shared_secret.</summary>
    internal static byte[] Encap(ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> ephemeralPrivateKey, out byte[] enc)
    {
        enc = new byte[EncLength];
        X25519.ScalarMultBase(ephemeralPrivateKey, enc);
        Span<byte> dh = stackalloc byte[KemKeyLength];
        try
        {
            SharedPoint(ephemeralPrivateKey, recipientPublicKey, dh, "the recipient's public key");
            return ExtractAndExpand(dh, enc, recipientPublicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
        }
    }

    /// <summary>DHKEM Decap (RFC 9180 section 4.1); returns shared_secret.</summary>
    internal static byte[] Decap(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> recipientPrivateKey)
    {
        if (enc.Length != EncLength)
        {
            throw new CryptographicException($"HPKE decapsulation failed: enc is {enc.Length} bytes, not {EncLength}.");
        }

        Span<byte> recipientPublicKey = stackalloc byte[KemKeyLength];
        X25519.ScalarMultBase(recipientPrivateKey, recipientPublicKey);
        Span<byte> dh = stackalloc byte[KemKeyLength];
        try
        {
            SharedPoint(recipientPrivateKey, enc, dh, "enc");
            return ExtractAndExpand(dh, enc, recipientPublicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
        }
    }

    /// <summary>DHKEM DeriveKeyPair for X25519 (RFC 9180 section 7.1.3); the vectors derive their keys this way.</summary>
    internal static (byte[] PrivateKey, byte[] PublicKey) DeriveKeyPair(ReadOnlySpan<byte> ikm)
    {
        Span<byte> dkpPrk = stackalloc byte[HashLength];
        LabeledExtract(KemSuiteId, [], "dkp_prk"u8, ikm, dkpPrk);
        var privateKey = new byte[KemKeyLength];
        LabeledExpand(KemSuiteId, dkpPrk, "sk"u8, [], privateKey);
        CryptographicOperations.ZeroMemory(dkpPrk);
        var publicKey = new byte[KemKeyLength];
        X25519.ScalarMultBase(privateKey, publicKey);
        return (privateKey, publicKey);
    }

    /// <summary><c>key_schedule_context = mode || LabeledExtract("", "psk_id_hash", "") || LabeledExtract("", "info_hash", info)</c>.</summary>
    internal static byte[] KeyScheduleContext(ReadOnlySpan<byte> info)
    {
        var context = new byte[1 + HashLength + HashLength];
        context[0] = ModeBase;
        PskIdHash.CopyTo(context.AsSpan(1, HashLength));
        LabeledExtract(SuiteId, [], "info_hash"u8, info, context.AsSpan(1 + HashLength, HashLength));
        return context;
    }

    /// <summary><c>secret = LabeledExtract(shared_secret, "secret", psk)</c> with the empty psk of base mode.</summary>
    internal static byte[] KeyScheduleSecret(ReadOnlySpan<byte> sharedSecret)
    {
        var secret = new byte[HashLength];
        LabeledExtract(SuiteId, sharedSecret, "secret"u8, [], secret);
        return secret;
    }

    /// <summary>RFC 9180 section 5.1 KeySchedule for mode_base.</summary>
    internal static HpkeContext KeySchedule(ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> info, bool isSender, bool withExporter = true)
    {
        var keyScheduleContext = KeyScheduleContext(info);
        var secret = KeyScheduleSecret(sharedSecret);
        var key = new byte[AeadKeyLength];
        var baseNonce = new byte[NonceLength];
        var exporterSecret = withExporter ? new byte[HashLength] : null;
        LabeledExpand(SuiteId, secret, "key"u8, keyScheduleContext, key);
        LabeledExpand(SuiteId, secret, "base_nonce"u8, keyScheduleContext, baseNonce);
        if (exporterSecret is not null)
        {
            LabeledExpand(SuiteId, secret, "exp"u8, keyScheduleContext, exporterSecret);
        }

        CryptographicOperations.ZeroMemory(secret);
        return new HpkeContext(isSender, key, baseNonce, exporterSecret);
    }

    /// <summary>RFC 9180 section 4.1 ExtractAndExpand, with <c>kem_context = enc || pkRm</c>.</summary>
    private static byte[] ExtractAndExpand(ReadOnlySpan<byte> dh, ReadOnlySpan<byte> enc, ReadOnlySpan<byte> recipientPublicKey)
    {
        Span<byte> eaePrk = stackalloc byte[HashLength];
        LabeledExtract(KemSuiteId, [], "eae_prk"u8, dh, eaePrk);
        Span<byte> kemContext = stackalloc byte[EncLength + KemKeyLength];
        enc.CopyTo(kemContext);
        recipientPublicKey.CopyTo(kemContext[EncLength..]);
        var sharedSecret = new byte[HashLength];
        LabeledExpand(KemSuiteId, eaePrk, "shared_secret"u8, kemContext, sharedSecret);
        CryptographicOperations.ZeroMemory(eaePrk);
        return sharedSecret;
    }

    /// <summary><c>LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" || suite_id || label || ikm)</c>.</summary>
    internal static void LabeledExtract(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> label, ReadOnlySpan<byte> ikm, Span<byte> prk)
    {
        var length = VersionLabel.Length + suiteId.Length + label.Length + ikm.Length;
        Span<byte> labeledIkm = length <= StackLabelBytes ? stackalloc byte[StackLabelBytes] : new byte[length];
        labeledIkm = labeledIkm[..length];
        Concat(labeledIkm, VersionLabel, suiteId, label, ikm);
        // An empty salt is the HMAC key "", which HMAC pads to the same block as RFC 5869's default of HashLen zeros.
        HKDF.Extract(HashAlgorithmName.SHA256, labeledIkm, salt, prk);
        CryptographicOperations.ZeroMemory(labeledIkm);
    }

    /// <summary><c>LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L)</c>.</summary>
    internal static void LabeledExpand(ReadOnlySpan<byte> suiteId, ReadOnlySpan<byte> prk, ReadOnlySpan<byte> label, ReadOnlySpan<byte> info, Span<byte> output)
    {
        var length = 2 + VersionLabel.Length + suiteId.Length + label.Length + info.Length;
        Span<byte> labeledInfo = length <= StackLabelBytes ? stackalloc byte[StackLabelBytes] : new byte[length];
        labeledInfo = labeledInfo[..length];
        labeledInfo[0] = (byte)(output.Length >> 8);
        labeledInfo[1] = (byte)output.Length;
        Concat(labeledInfo[2..], VersionLabel, suiteId, label, info);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, output, labeledInfo);
    }

    private static void Concat(Span<byte> destination, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, ReadOnlySpan<byte> d)
    {
        a.CopyTo(destination);
        b.CopyTo(destination[a.Length..]);
        c.CopyTo(destination[(a.Length + b.Length)..]);
        d.CopyTo(destination[(a.Length + b.Length + c.Length)..]);
    }

    private static byte[] ComputePskIdHash()
    {
        var pskIdHash = new byte[HashLength];
        LabeledExtract(SuiteId, [], "psk_id_hash"u8, [], pskIdHash);
        return pskIdHash;
    }

    /// <summary>X25519 with the all-zero check RFC 9180 section 7.1.4 requires (a low-order peer point).</summary>
    private static void SharedPoint(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> dh, string peerName)
    {
        if (!X25519.CalculateAgreement(privateKey, peerPublicKey, dh))
        {
            throw new CryptographicException($"HPKE key agreement failed: {peerName} is a low-order X25519 point (all-zero shared secret).");
        }
    }

    private static void RequireKeyLength(ReadOnlySpan<byte> key, string parameterName, string kind)
    {
        if (key.Length != KemKeyLength)
        {
            throw new ArgumentException($"An X25519 {kind} key is {KemKeyLength} bytes, not {key.Length}.", parameterName);
        }
    }
}
