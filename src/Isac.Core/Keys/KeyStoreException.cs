namespace Isac.Core.Keys;

/// <summary>A key file or passphrase could not be used; <see cref="Error"/> says why and the message names the file.</summary>
public sealed class KeyStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyStoreException(KeyStoreError error, string message, string? path = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        Path = path;
    }

    /// <summary>Unused: a key-store failure always carries its reason.</summary>
    public KeyStoreException()
        : this(KeyStoreError.Malformed, "The key store failed.")
    {
    }

    /// <summary>Unused: a key-store failure always carries its reason.</summary>
    public KeyStoreException(string message)
        : this(KeyStoreError.Malformed, message)
    {
    }

    /// <summary>Unused: a key-store failure always carries its reason.</summary>
    public KeyStoreException(string message, Exception innerException)
        : this(KeyStoreError.Malformed, message, null, innerException)
    {
    }

    /// <summary>Why the operation failed.</summary>
    public KeyStoreError Error { get; }

    /// <summary>The key or passphrase file involved, if any.</summary>
    public string? Path { get; }
}
