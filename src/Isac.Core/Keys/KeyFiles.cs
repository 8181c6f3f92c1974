using System.Text;
using Isac.Core.Crypto;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace Isac.Core.Keys;

/// <summary>
/// Private keys at rest: a member's Ed25519 signing key and X25519 encryption key, and the governance root and
/// directory keys (Ed25519, written as signing keys). Each file is one encrypted PKCS#8 PEM block
/// (<c>-----BEGIN ENCRYPTED PRIVATE KEY-----</c>): PBES2 with PBKDF2-HMAC-SHA256 at
/// <see cref="Pbkdf2Iterations"/> iterations and AES-256-CBC, readable by OpenSSL-compatible tools. Files are
/// written atomically with mode 0600 and never overwritten unless asked. Each read or write costs one PBKDF2
/// run (about 1.5 s with BouncyCastle on this hardware), so load keys once at start-up.
/// </summary>
public static class KeyFiles
{
    /// <summary>The PBKDF2-HMAC-SHA256 iteration count written, and the minimum accepted on read.</summary>
    public const int Pbkdf2Iterations = EncryptedPkcs8.MinIterations;

    /// <summary>The highest iteration count accepted on read (a bound on the work a planted file can cause).</summary>
    public const int MaxPbkdf2Iterations = EncryptedPkcs8.MaxIterations;

    /// <summary>The PEM label of every key file.</summary>
    public const string PemLabel = EncryptedPkcs8.PemLabel;

    /// <summary>Largest key file read; real ones are under 400 bytes.</summary>
    private const int MaxFileBytes = 64 * 1024;

    /// <summary>Encrypts <paramref name="key"/> under <paramref name="passphrase"/> into <paramref name="path"/>.</summary>
    /// <exception cref="KeyStoreException">The passphrase is empty, or the file exists and
    /// <paramref name="overwrite"/> is false.</exception>
    public static void WriteSigningKey(string path, SigningKeyPair key, ReadOnlySpan<char> passphrase, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        var seed = key.ExportPrivateKey();
        try
        {
            Write(path, new Ed25519PrivateKeyParameters(seed), passphrase, overwrite);
        }
        finally
        {
            Array.Clear(seed);
        }
    }

    /// <summary>Reads an Ed25519 signing key written by <see cref="WriteSigningKey"/>.</summary>
    /// <exception cref="KeyStoreException">The file is missing, malformed or not encrypted as required, the
    /// passphrase is wrong or the file damaged, or it holds another type of key.</exception>
    public static SigningKeyPair ReadSigningKey(string path, ReadOnlySpan<char> passphrase)
    {
        var key = Read(path, passphrase);
        if (key is not Ed25519PrivateKeyParameters ed25519)
        {
            throw WrongType(path, key, "an Ed25519 signing key");
        }

        var seed = ed25519.GetEncoded();
        try
        {
            return SigningKeyPair.FromPrivateKey(seed);
        }
        finally
        {
            Array.Clear(seed);
        }
    }

    /// <summary>Encrypts <paramref name="key"/> under <paramref name="passphrase"/> into <paramref name="path"/>.</summary>
    /// <exception cref="KeyStoreException">The passphrase is empty, or the file exists and
    /// <paramref name="overwrite"/> is false.</exception>
    public static void WriteEncryptionKey(string path, EncryptionKeyPair key, ReadOnlySpan<char> passphrase, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        var scalar = key.ExportPrivateKey();
        try
        {
            Write(path, new X25519PrivateKeyParameters(scalar), passphrase, overwrite);
        }
        finally
        {
            Array.Clear(scalar);
        }
    }

    /// <summary>Reads an X25519 encryption key written by <see cref="WriteEncryptionKey"/>.</summary>
    /// <exception cref="KeyStoreException">The file is missing, malformed or not encrypted as required, the
    /// passphrase is wrong or the file damaged, or it holds another type of key.</exception>
    public static EncryptionKeyPair ReadEncryptionKey(string path, ReadOnlySpan<char> passphrase)
    {
        var key = Read(path, passphrase);
        if (key is not X25519PrivateKeyParameters x25519)
        {
            throw WrongType(path, key, "an X25519 encryption key");
        }

        var scalar = x25519.GetEncoded();
        try
        {
            return EncryptionKeyPair.FromPrivateKey(scalar);
        }
        finally
        {
            Array.Clear(scalar);
        }
    }

    private static void Write(string path, AsymmetricKeyParameter key, ReadOnlySpan<char> passphrase, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequirePassphrase(passphrase, path);
        if (!overwrite && File.Exists(path))
        {
            // Checked before the costly encryption too; PrivateFile checks again at the rename.
            throw PrivateFile.AlreadyExists(path);
        }

        var pem = EncryptedPkcs8.Encrypt(key, passphrase);
        PrivateFile.WriteAtomically(path, Encoding.ASCII.GetBytes(pem), overwrite);
    }

    private static AsymmetricKeyParameter Read(string path, ReadOnlySpan<char> passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequirePassphrase(passphrase, path);
        return EncryptedPkcs8.Decrypt(ReadPem(path), passphrase, path);
    }

    internal static string ReadPem(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new KeyStoreException(KeyStoreError.NotFound, $"key file {path} does not exist", path);
        }

        if (file.Length > MaxFileBytes)
        {
            throw new KeyStoreException(KeyStoreError.Malformed, $"{path} is {file.Length} bytes, too large for a key file", path);
        }

        return File.ReadAllText(path, Encoding.ASCII);
    }

    private static void RequirePassphrase(ReadOnlySpan<char> passphrase, string path)
    {
        if (passphrase.IsEmpty)
        {
            throw new KeyStoreException(KeyStoreError.PassphraseMissing, $"an empty passphrase cannot protect or open key file {path}", path);
        }
    }

    private static KeyStoreException WrongType(string path, AsymmetricKeyParameter key, string expected)
    {
        var found = key switch
        {
            Ed25519PrivateKeyParameters => "an Ed25519 signing key",
            X25519PrivateKeyParameters => "an X25519 encryption key",
            _ => $"a {key.GetType().Name.Replace("PrivateKeyParameters", string.Empty, StringComparison.Ordinal)} key",
        };
        return new KeyStoreException(KeyStoreError.WrongKeyType, $"{path} holds {found}, not {expected}", path);
    }
}
