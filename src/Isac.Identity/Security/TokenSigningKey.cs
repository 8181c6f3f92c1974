using System.Security.Cryptography;
using Isac.Identity.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Isac.Identity.Security;

/// <summary>
/// The token signing key: ECDSA P-256 (ES256), kept as encrypted PKCS#8 PEM (PBKDF2-HMAC-SHA256, 600,000
/// iterations, AES-256-CBC) at <see cref="IdentityOptions.SigningKeyPath"/>. Created on first start, then loaded,
/// so tokens issued before a restart still validate after it. The key id is derived from the public key.
/// </summary>
internal static class TokenSigningKey
{
    // The project's rule for private keys at rest (DESIGN.md section 3).
    private static readonly PbeParameters KeyEncryption = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 600_000);

    /// <summary>Loads the key, or creates and stores it if the file does not exist yet.</summary>
    /// <exception cref="InvalidOperationException">The file exists but cannot be decrypted with the passphrase.</exception>
    public static ECDsaSecurityKey LoadOrCreate(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.SigningKeyPath!;
        var passphrase = options.SigningKeyPassphrase!;
        var key = ECDsa.Create();
        try
        {
            if (File.Exists(path))
            {
                key.ImportFromEncryptedPem(File.ReadAllText(path), passphrase);
                if (key.KeySize != 256)
                {
                    throw new InvalidOperationException($"{IdentityOptions.Setting(nameof(IdentityOptions.SigningKeyPath))}: '{path}' is not a P-256 key.");
                }
            }
            else
            {
                key.GenerateKey(ECCurve.NamedCurves.nistP256);
                Write(path, key.ExportEncryptedPkcs8PrivateKeyPem(passphrase.AsSpan(), KeyEncryption));
            }
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new InvalidOperationException(
                $"{IdentityOptions.Setting(nameof(IdentityOptions.SigningKeyPath))} / {IdentityOptions.Setting(nameof(IdentityOptions.SigningKeyPassphrase))}: "
                + $"cannot read the signing key '{path}': {ex.Message}", ex);
        }

        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 16).ToArray());
        return new ECDsaSecurityKey(key) { KeyId = keyId };
    }

    private static void Write(string path, string pem)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // CreateNew: never overwrite a key another instance just wrote; owner-only from creation on Unix.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }
}
