using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Isac.Core.Keys;

/// <summary>
/// Encrypted PKCS#8 (RFC 5958) in PEM: PBES2 (RFC 8018) with PBKDF2-HMAC-SHA256 and AES-256-CBC, all done by
/// BouncyCastle. CBC has no integrity of its own, so the PrivateKeyInfo must carry the public key (BouncyCastle
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

    internal static string Encrypt(AsymmetricKeyParameter privateKey, ReadOnlySpan<char> passphrase)
    {
        var random = new SecureRandom();
        var password = passphrase.ToArray();
        try
        {
            var info = EncryptedPrivateKeyInfoFactory.CreateEncryptedPrivateKeyInfo(
                NistObjectIdentifiers.IdAes256Cbc,
                PkcsObjectIdentifiers.IdHmacWithSha256,
                password,
                SecureRandom.GetNextBytes(random, SaltLength),
                MinIterations,
                random,
                privateKey);
            return new string(PemEncoding.Write(PemLabel, info.GetEncoded())) + "\n";
        }
        finally
        {
            Array.Clear(password);
        }
    }

    /// <summary>Decrypts <paramref name="pem"/>; <paramref name="path"/> only names the file in errors.</summary>
    internal static AsymmetricKeyParameter Decrypt(string pem, ReadOnlySpan<char> passphrase, string path)
    {
        var info = ParseEncryptedInfo(pem, path);
        CheckParameters(info, path);

        var password = passphrase.ToArray();
        PrivateKeyInfo keyInfo;
        AsymmetricKeyParameter key;
        try
        {
            keyInfo = PrivateKeyInfoFactory.CreatePrivateKeyInfo(password, info);
            key = PrivateKeyFactory.CreateKey(keyInfo);
        }
#pragma warning disable CA1031 // Any failure inside decryption means one thing to the user: wrong passphrase or damaged file.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw WrongPassphrase(path, e);
        }
        finally
        {
            Array.Clear(password);
        }

        CheckStoredPublicKey(keyInfo, key, path);
        return key;
    }

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

    private static void CheckParameters(EncryptedPrivateKeyInfo info, string path)
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
    }

    private static KeyStoreException Unsupported(string path, string what) =>
        new(KeyStoreError.UnsupportedEncryption, $"{path} {what} (expected PBES2, PBKDF2-HMAC-SHA256 with at least {MinIterations:N0} iterations, AES-256-CBC)", path);
}
