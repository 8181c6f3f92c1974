using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Isac.Core.Crypto;
using Isac.Core.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Isac.Core.Tests.Keys;

public sealed class KeyFilesTests(KeyFileFixture files) : IClassFixture<KeyFileFixture>
{
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("round trip");

    [Fact]
    public void ReadSigningKey_RoundTrip_SignsWithTheSameKey()
    {
        var loaded = KeyFiles.ReadSigningKey(files.SigningPath, KeyFileFixture.Passphrase);

        Assert.Equal(files.Signing.PublicKey, loaded.PublicKey);
        var signature = loaded.Sign(SignatureContext.Header, Message);
        Assert.True(Signatures.Verify(files.Signing.PublicKey, SignatureContext.Header, Message, signature));
    }

    [Fact]
    public void ReadEncryptionKey_RoundTrip_DerivesTheSamePublicKey()
    {
        var loaded = KeyFiles.ReadEncryptionKey(files.EncryptionPath, KeyFileFixture.Passphrase);

        Assert.Equal(files.Encryption.PublicKey, loaded.PublicKey);
        Assert.Equal(files.Encryption.ExportPrivateKey(), loaded.ExportPrivateKey());
    }

    [Theory]
    [InlineData("signing.pem", "1.3.101.112")]
    [InlineData("encryption.pem", "1.3.101.110")]
    public void WrittenFile_IsEncryptedPkcs8Pem_WithPbes2Sha256Aes256AndEnoughIterations(string name, string keyOid)
    {
        var pem = File.ReadAllText(files.NewPath(name));

        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        Assert.EndsWith("-----END ENCRYPTED PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        var info = ParseEncrypted(pem);
        Assert.Equal(PkcsObjectIdentifiers.IdPbeS2, info.EncryptionAlgorithm.Algorithm);
        var pbes2 = PbeS2Parameters.GetInstance(info.EncryptionAlgorithm.Parameters);
        Assert.Equal(PkcsObjectIdentifiers.IdPbkdf2, pbes2.KeyDerivationFunc.Algorithm);
        var kdf = Pbkdf2Params.GetInstance(pbes2.KeyDerivationFunc.Parameters);
        Assert.True(kdf.IterationCount.IntValue >= 600_000, $"only {kdf.IterationCount} PBKDF2 iterations");
        Assert.Equal(PkcsObjectIdentifiers.IdHmacWithSha256, kdf.Prf.Algorithm);
        Assert.True(kdf.GetSalt().Length >= 16);
        Assert.Equal(NistObjectIdentifiers.IdAes256Cbc, pbes2.EncryptionScheme.Algorithm);
        // No plaintext key material: the DER holds the key's algorithm only inside the ciphertext.
        Assert.DoesNotContain(keyOid, string.Join(",", EnumerateOids(Asn1Object.FromByteArray(info.GetEncoded()))));
    }

    [Fact]
    public void WrittenFile_DecryptsWithAnIndependentPbes2Implementation()
    {
        // BouncyCastle's own PBES2 (not the platform PBKDF2/AES the key store uses) must open the file to the same key.
        var info = ParseEncrypted(File.ReadAllText(files.SigningPath));

        var keyInfo = PrivateKeyInfoFactory.CreatePrivateKeyInfo(KeyFileFixture.Passphrase.ToCharArray(), info);

        var key = Assert.IsType<Ed25519PrivateKeyParameters>(PrivateKeyFactory.CreateKey(keyInfo));
        Assert.Equal(files.Signing.PublicKey, key.GeneratePublicKey().GetEncoded());
    }

    [Fact]
    public void FileWrittenByAnIndependentPbes2Implementation_IsRead()
    {
        var random = new SecureRandom();
        var info = EncryptedPrivateKeyInfoFactory.CreateEncryptedPrivateKeyInfo(
            NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256, KeyFileFixture.Passphrase.ToCharArray(),
            SecureRandom.GetNextBytes(random, 16), 600_000, random, new X25519PrivateKeyParameters(files.Encryption.ExportPrivateKey()));
        var path = files.NewPath("written-by-bouncycastle.pem");
        File.WriteAllText(path, new string(PemEncoding.Write("ENCRYPTED PRIVATE KEY", info.GetEncoded())) + "\n");

        var loaded = KeyFiles.ReadEncryptionKey(path, KeyFileFixture.Passphrase);

        Assert.Equal(files.Encryption.PublicKey, loaded.PublicKey);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void WrittenFiles_AreOwnerReadWriteOnly()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.SigningPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.EncryptionPath));
        Assert.Empty(files.Directory.GetFiles("*.tmp"));
    }

    [Fact]
    public void ReadSigningKey_WrongPassphrase_IsRefusedNamingTheFile()
    {
        var error = Assert.Throws<KeyStoreException>(() => KeyFiles.ReadSigningKey(files.SigningPath, "wrong passphrase"));

        Assert.Equal(KeyStoreError.WrongPassphraseOrCorrupted, error.Error);
        Assert.Equal($"wrong passphrase or corrupted key file {files.SigningPath}", error.Message);
    }

    [Fact]
    public void ReadSigningKey_CiphertextAlteredWherePaddingStillChecks_IsRefused()
    {
        // Flipping a bit in the second ciphertext block garbles the first half of the seed and flips a bit in the
        // second, while the padding and the DER header stay intact: only the stored public key catches this.
        var path = Tampered("tampered-data.pem", info =>
        {
            var data = info.GetEncryptedData();
            data[16] ^= 0x01;
            return new EncryptedPrivateKeyInfo(info.EncryptionAlgorithm, data);
        });

        var error = Assert.Throws<KeyStoreException>(() => KeyFiles.ReadSigningKey(path, KeyFileFixture.Passphrase));

        Assert.Equal(KeyStoreError.WrongPassphraseOrCorrupted, error.Error);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSigningKey_SaltAltered_IsRefused()
    {
        var path = Tampered("tampered-salt.pem", info =>
        {
            var pbes2 = PbeS2Parameters.GetInstance(info.EncryptionAlgorithm.Parameters);
            var kdf = Pbkdf2Params.GetInstance(pbes2.KeyDerivationFunc.Parameters);
            var salt = kdf.GetSalt();
            salt[0] ^= 0x80;
            var changed = new PbeS2Parameters(
                new KeyDerivationFunc(PkcsObjectIdentifiers.IdPbkdf2, new Pbkdf2Params(salt, kdf.IterationCount.IntValue, kdf.Prf)),
                EncryptionScheme.GetInstance(pbes2.EncryptionScheme));
            return new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PkcsObjectIdentifiers.IdPbeS2, changed), info.GetEncryptedData());
        });

        var error = Assert.Throws<KeyStoreException>(() => KeyFiles.ReadSigningKey(path, KeyFileFixture.Passphrase));

        Assert.Equal(KeyStoreError.WrongPassphraseOrCorrupted, error.Error);
    }

    [Fact]
    public void ReadSigningKey_OfAnEncryptionKeyFile_IsRefusedAsWrongKeyType()
    {
        var error = Assert.Throws<KeyStoreException>(() => KeyFiles.ReadSigningKey(files.EncryptionPath, KeyFileFixture.Passphrase));

        Assert.Equal(KeyStoreError.WrongKeyType, error.Error);
        Assert.Equal($"{files.EncryptionPath} holds an X25519 encryption key, not an Ed25519 signing key", error.Message);
    }

    [Fact]
    public void ReadKey_BelowTheIterationFloor_IsRefusedBeforeDecrypting()
    {
        var random = new SecureRandom();
        var weak = EncryptedPrivateKeyInfoFactory.CreateEncryptedPrivateKeyInfo(
            NistObjectIdentifiers.IdAes256Cbc, PkcsObjectIdentifiers.IdHmacWithSha256, KeyFileFixture.Passphrase.ToCharArray(),
            SecureRandom.GetNextBytes(random, 16), 2048, random, new Ed25519PrivateKeyParameters(random));
        var path = files.NewPath("weak.pem");
        File.WriteAllText(path, new string(PemEncoding.Write("ENCRYPTED PRIVATE KEY", weak.GetEncoded())));

        var error = Assert.Throws<KeyStoreException>(() => KeyFiles.ReadSigningKey(path, KeyFileFixture.Passphrase));

        Assert.Equal(KeyStoreError.UnsupportedEncryption, error.Error);
        Assert.Contains("2048 PBKDF2 iterations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadKey_UnencryptedPkcs8_IsRefused()
    {
        var plain = PrivateKeyInfoFactory.CreatePrivateKeyInfo(new Ed25519PrivateKeyParameters(new SecureRandom()));
        var path = files.NewPath("plain.pem");
        File.WriteAllText(path, new string(PemEncoding.Write("PRIVATE KEY", plain.GetEncoded())));

        var error = Assert.Throws<KeyStoreException>(() => KeyFiles.ReadSigningKey(path, KeyFileFixture.Passphrase));

        Assert.Equal(KeyStoreError.NotEncrypted, error.Error);
    }

    [Fact]
    public void ReadKey_MissingFile_IsNotFound()
    {
        var path = files.NewPath("absent.pem");

        var error = Assert.Throws<KeyStoreException>(() => KeyFiles.ReadEncryptionKey(path, KeyFileFixture.Passphrase));

        Assert.Equal(KeyStoreError.NotFound, error.Error);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteKey_OverAnExistingFile_IsRefusedAndLeavesItIntact()
    {
        var before = File.ReadAllBytes(files.SigningPath);

        var error = Assert.Throws<KeyStoreException>(() => KeyFiles.WriteSigningKey(files.SigningPath, SigningKeyPair.Generate(), KeyFileFixture.Passphrase));

        Assert.Equal(KeyStoreError.AlreadyExists, error.Error);
        Assert.Equal(before, File.ReadAllBytes(files.SigningPath));
    }

    [Fact]
    public void WriteKey_EmptyPassphrase_IsRefused()
    {
        var path = files.NewPath("empty-passphrase.pem");

        var error = Assert.Throws<KeyStoreException>(() => KeyFiles.WriteEncryptionKey(path, EncryptionKeyPair.Generate(), string.Empty));

        Assert.Equal(KeyStoreError.PassphraseMissing, error.Error);
        Assert.False(File.Exists(path));
    }

    private string Tampered(string name, Func<EncryptedPrivateKeyInfo, EncryptedPrivateKeyInfo> change)
    {
        var info = ParseEncrypted(File.ReadAllText(files.SigningPath));
        var path = files.NewPath(name);
        File.WriteAllText(path, new string(PemEncoding.Write("ENCRYPTED PRIVATE KEY", change(info).GetEncoded())));
        return path;
    }

    private static EncryptedPrivateKeyInfo ParseEncrypted(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return EncryptedPrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(Convert.FromBase64String(pem[fields.Base64Data])));
    }

    private static IEnumerable<string> EnumerateOids(Asn1Encodable node)
    {
        switch (node)
        {
            case DerObjectIdentifier oid:
                yield return oid.Id;
                break;
            case Asn1Sequence sequence:
                foreach (var child in sequence)
                {
                    foreach (var id in EnumerateOids(child))
                    {
                        yield return id;
                    }
                }

                break;
        }
    }
}
