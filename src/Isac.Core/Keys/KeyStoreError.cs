namespace Isac.Core.Keys;

/// <summary>Why a key file or a passphrase could not be used.</summary>
public enum KeyStoreError
{
    /// <summary>The key file does not exist.</summary>
    NotFound = 1,

    /// <summary>A key file already exists where a new one was to be written (keys are never overwritten by default).</summary>
    AlreadyExists,

    /// <summary>The file is not an encrypted PKCS#8 PEM file, or is unreadable, or too large.</summary>
    Malformed,

    /// <summary>The file holds an unencrypted private key: keys at rest must be encrypted.</summary>
    NotEncrypted,

    /// <summary>The file is encrypted with a scheme or cost this store does not accept (not PBES2 with
    /// PBKDF2-HMAC-SHA256 and AES-256-CBC, or an iteration count outside the accepted range).</summary>
    UnsupportedEncryption,

    /// <summary>The passphrase does not open the file, or the file was altered.</summary>
    WrongPassphraseOrCorrupted,

    /// <summary>The file holds another type of key (e.g. X25519 where an Ed25519 signing key was expected).</summary>
    WrongKeyType,

    /// <summary>No passphrase was configured, or it is empty.</summary>
    PassphraseMissing,
}
