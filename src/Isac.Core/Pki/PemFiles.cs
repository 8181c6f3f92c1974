using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Isac.Core.Pki;

/// <summary>Writes certificates and encrypted private keys as PEM files.</summary>
public static class PemFiles
{
    /// <summary>
    /// Writes <paramref name="certificate"/> as PEM to <paramref name="certificatePath"/> and its ECDSA private
    /// key as encrypted PKCS#8 PEM (PBKDF2-HMAC-SHA256, 600,000 iterations, AES-256-CBC) to
    /// <paramref name="keyPath"/>, readable by its owner only on Unix. Existing files are replaced.
    /// Load them back with <see cref="X509Certificate2.CreateFromEncryptedPemFile"/>.
    /// </summary>
    public static async Task WriteCertificateAndKeyAsync(
        X509Certificate2 certificate, string certificatePath, string keyPath, string passphrase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("The certificate carries no ECDSA private key.", nameof(certificate));
        await WriteKeyAsync(key, keyPath, passphrase, cancellationToken).ConfigureAwait(false);
        await WriteCertificateAsync(certificate, certificatePath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes an ECDSA private key alone as encrypted PKCS#8 PEM (as <see cref="WriteCertificateAndKeyAsync"/>
    /// does), e.g. the key of a certificate signing request whose certificate comes later.
    /// </summary>
    public static Task WriteKeyAsync(System.Security.Cryptography.ECDsa key, string keyPath, string passphrase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        var keyPem = key.ExportEncryptedPkcs8PrivateKeyPem(passphrase.AsSpan(), PkiDefaults.KeyEncryption);
        return WriteAsync(keyPath, keyPem, secret: true, cancellationToken);
    }

    /// <summary>Writes the certificate only (no key) as PEM.</summary>
    public static Task WriteCertificateAsync(X509Certificate2 certificate, string certificatePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return WriteAsync(certificatePath, certificate.ExportCertificatePem(), secret: false, cancellationToken);
    }

    private static async Task WriteAsync(string path, string pem, bool secret, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            if (secret && !OperatingSystem.IsWindows())
            {
                // UnixCreateMode applies only when the file is created: restrict an existing file before writing.
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(pem + "\n"), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Loads a TLS server certificate (PEM) with its encrypted PKCS#8 key, as written by
    /// <see cref="WriteCertificateAndKeyAsync"/>.
    /// </summary>
    /// <param name="certificatePath">The certificate PEM file.</param>
    /// <param name="keyPath">The encrypted key PEM file.</param>
    /// <param name="passphrase">The key's passphrase.</param>
    /// <param name="keySettings">The settings to name when the key cannot be opened, e.g. "Isac:Broker:ServerKeyPath / Isac:Broker:ServerKeyPassphrase".</param>
    /// <exception cref="InvalidOperationException">The key cannot be decrypted or does not match the certificate; the message names <paramref name="keySettings"/>.</exception>
    public static X509Certificate2 ReadServerCertificate(string certificatePath, string keyPath, string? passphrase, string keySettings)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromEncryptedPemFile(certificatePath, passphrase, keyPath);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"{keySettings}: cannot decrypt the server key or it does not match the server certificate: {ex.Message}", ex);
        }

        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        // SChannel cannot use the ephemeral key a PEM load produces; a PKCS#12 round trip gives it a usable one.
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
