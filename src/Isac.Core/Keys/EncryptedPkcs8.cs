using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Isac.Core.Keys;

/// <summary>
/// Encrypted PKCS#8 (RFC 5958) in PEM: PBES2 (RFC 8018) with PBKDF2-HMAC-SHA256 and AES-256-CBC. BouncyCastle
/// builds and parses the ASN.1 structures; the platform (OpenSSL) runs PBKDF2 and AES, about three times faster
/// than BouncyCastle's PBKDF2 at 600,000 iterations (170 ms against 550 ms measured here), which every key load
/// pays. CBC has no integrity of its own, so the PrivateKeyInfo must carry the public key (BouncyCastle
/// writes it for Ed25519 and X25519) and reading re-derives it from the private key: a wrong passphrase or an
/// altered byte that slips past the padding check still fails there instead of yielding a different key.
/// </summary>
internal static class EncryptedPkcs8
{
    internal const string PemLabel = "ENCRYPTED PRIVATE KEY";
    internal const string UnencryptedPemLabel = "PRIVATE KEY";

    /// <summary>Lowest accepted PBKDF2 iteration count (OWASP 2023 for PBKDF2-HMAC-SHA256); also what is written.</summary>
    internal const int MinIterations = 600_000;

    /// <summary>Highest accepted count: a planted file must not make start-up spin for minutes.</summary>
    internal const int MaxIterations = 10_000_000;

    private const int SaltLength = 16;
    private const int AesBlockLength = 16;
    private const int Aes256KeyLength = 32;

    internal static string Encrypt(AsymmetricKeyParameter privateKey, ReadOnlySpan<char> passphrase)
    {
        var plain = PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetEncoded();
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var iv = RandomNumberGenerator.GetBytes(AesBlockLength);
        var key = DeriveKey(passphrase, salt, MinIterations);
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            var ciphertext = aes.EncryptCbc(plain, iv, PaddingMode.PKCS7);
            var kdf = new KeyDerivationFunc(
                PkcsObjectIdentifiers.IdPbkdf2,
                new Pbkdf2Params(salt, MinIterations, new AlgorithmIdentifier(PkcsObjectIdentifiers.IdHmacWithSha256, DerNull.Instance)));
            var scheme = new EncryptionScheme(NistObjectIdentifiers.IdAes256Cbc, new DerOctetString(iv));
            var info = new EncryptedPrivateKeyInfo(
                new AlgorithmIdentifier(PkcsObjectIdentifiers.IdPbeS2, new PbeS2Parameters(kdf, scheme)),
                ciphertext);
            return new string(PemEncoding.Write(PemLabel, info.GetEncoded())) + "\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Decrypts <paramref name="pem"/>; <paramref name="path"/> only names the file in errors.</summary>
    internal static AsymmetricKeyParameter Decrypt(string pem, ReadOnlySpan<char> passphrase, string path)
    {
        var info = ParseEncryptedInfo(pem, path);
        var (salt, iterations, iv) = CheckParameters(info, path);

        var key = DeriveKey(passphrase, salt, iterations);
        byte[]? plain = null;
        PrivateKeyInfo keyInfo;
        AsymmetricKeyParameter privateKey;
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            plain = aes.DecryptCbc(info.GetEncryptedData(), iv, PaddingMode.PKCS7);
            keyInfo = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(plain));
            privateKey = PrivateKeyFactory.CreateKey(keyInfo);
        }
#pragma warning disable CA1031 // Any failure inside decryption means one thing to the user: wrong passphrase or damaged file.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw WrongPassphrase(path, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (plain is not null)
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }

        CheckStoredPublicKey(keyInfo, privateKey, path);
        return privateKey;
    }

    private static byte[] DeriveKey(ReadOnlySpan<char> passphrase, byte[] salt, int iterations) =>
        // UTF-8, as RFC 8018 recommends and BouncyCastle's PBES2 does, so files stay readable by either.
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, Aes256KeyLength);

    internal static KeyStoreException WrongPassphrase(string path, Exception? cause = null) =>
        new(KeyStoreError.WrongPassphraseOrCorrupted, $"wrong passphrase or corrupted key file {path}", path, cause);

    private static void CheckStoredPublicKey(PrivateKeyInfo keyInfo, AsymmetricKeyParameter key, string path)
    {
        byte[]? derived = key switch
        {
            Ed25519PrivateKeyParameters ed25519 => ed25519.GeneratePublicKey().GetEncoded(),
            X25519PrivateKeyParameters x25519 => x25519.GeneratePublicKey().GetEncoded(),
            _ => null, // Not a key type this store writes: the caller reports the wrong type.
        };
        if (derived is null)
        {
            return;
        }

        if (!keyInfo.HasPublicKey)
        {
            throw new KeyStoreException(
                KeyStoreError.Malformed,
                $"{path} lacks the public key (PKCS#8 v2) that lets a damaged file be detected; re-create it with the isac tools",
                path);
        }

        if (!CryptographicOperations.FixedTimeEquals(keyInfo.PublicKey.GetOctets(), derived))
        {
            throw WrongPassphrase(path);
        }
    }

    private static EncryptedPrivateKeyInfo ParseEncryptedInfo(string pem, string path)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new KeyStoreException(KeyStoreError.Malformed, $"{path} is not a PEM file (expected '-----BEGIN {PemLabel}-----')", path);
        }

        var label = pem.AsSpan()[fields.Label];
        if (label.SequenceEqual(UnencryptedPemLabel))
        {
            throw new KeyStoreException(KeyStoreError.NotEncrypted, $"{path} holds an unencrypted private key; keys at rest must be encrypted ('{PemLabel}')", path);
        }

        if (!label.SequenceEqual(PemLabel))
        {
            throw new KeyStoreException(KeyStoreError.Malformed, $"{path} holds a '{label}' PEM block, not '{PemLabel}'", path);
        }

        try
        {
            var der = Convert.FromBase64String(pem[fields.Base64Data]);
            return EncryptedPrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
        }
#pragma warning disable CA1031 // BouncyCastle's ASN.1 parser throws several unrelated types for bad input.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new KeyStoreException(KeyStoreError.Malformed, $"{path} is not a valid encrypted PKCS#8 structure", path, e);
        }
    }

    private static (byte[] Salt, int Iterations, byte[] Iv) CheckParameters(EncryptedPrivateKeyInfo info, string path)
    {
        var algorithm = info.EncryptionAlgorithm;
        if (!PkcsObjectIdentifiers.IdPbeS2.Equals(algorithm.Algorithm))
        {
            throw Unsupported(path, $"is encrypted with {algorithm.Algorithm.Id}, not PBES2");
        }

        PbeS2Parameters pbes2;
        Pbkdf2Params kdf;
        try
        {
            pbes2 = PbeS2Parameters.GetInstance(algorithm.Parameters);
            if (!PkcsObjectIdentifiers.IdPbkdf2.Equals(pbes2.KeyDerivationFunc.Algorithm))
            {
                throw Unsupported(path, $"derives its key with {pbes2.KeyDerivationFunc.Algorithm.Id}, not PBKDF2");
            }

            kdf = Pbkdf2Params.GetInstance(pbes2.KeyDerivationFunc.Parameters);
        }
        catch (Exception e) when (e is not KeyStoreException)
        {
            throw new KeyStoreException(KeyStoreError.Malformed, $"{path} has malformed PBES2 parameters", path, e);
        }

        if (!PkcsObjectIdentifiers.IdHmacWithSha256.Equals(kdf.Prf.Algorithm))
        {
            throw Unsupported(path, $"uses PBKDF2 with {kdf.Prf.Algorithm.Id}, not HMAC-SHA256");
        }

        if (!NistObjectIdentifiers.IdAes256Cbc.Equals(pbes2.EncryptionScheme.Algorithm))
        {
            throw Unsupported(path, $"is encrypted with {pbes2.EncryptionScheme.Algorithm.Id}, not AES-256-CBC");
        }

        var iterations = kdf.IterationCount;
        if (iterations.BitLength > 31 || iterations.IntValue < MinIterations || iterations.IntValue > MaxIterations)
        {
            throw Unsupported(path, $"uses {iterations} PBKDF2 iterations; accepted: {MinIterations:N0} to {MaxIterations:N0}");
        }

        if (kdf.KeyLength is { } keyLength && keyLength.IntValueExact != Aes256KeyLength)
        {
            throw Unsupported(path, $"asks PBKDF2 for a {keyLength}-byte key, not {Aes256KeyLength}");
        }

        if (pbes2.EncryptionScheme.Parameters is not Asn1OctetString { } ivString || ivString.GetOctets().Length != AesBlockLength)
        {
            throw new KeyStoreException(KeyStoreError.Malformed, $"{path} has no {AesBlockLength}-byte AES-CBC IV", path);
        }

        return (kdf.GetSalt(), iterations.IntValue, ivString.GetOctets());
    }

    private static KeyStoreException Unsupported(string path, string what) =>
        new(KeyStoreError.UnsupportedEncryption, $"{path} {what} (expected PBES2, PBKDF2-HMAC-SHA256 with at least {MinIterations:N0} iterations, AES-256-CBC)", path);
}
