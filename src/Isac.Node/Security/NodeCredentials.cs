using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Isac.Core.Crypto;
using Isac.Core.Keys;
using Isac.Core.Pki;
using Isac.Node.Configuration;

namespace Isac.Node.Security;

/// <summary>
/// The member's secrets, loaded once at start-up from the validated <see cref="NodeOptions"/>: the Ed25519 signing
/// key, the X25519 encryption key, the mTLS client certificate with its key, and the hub CA as the only trust
/// anchor for the broker. A wrong passphrase stops the node with a message naming the settings.
/// </summary>
internal sealed class NodeCredentials : IDisposable
{
    private const string PassphraseVariable = "Isac__Node__KeyPassphrase";

    internal NodeCredentials(
        string memberId, SigningKeyPair signingKey, EncryptionKeyPair encryptionKey, IReadOnlyList<RetiredEncryptionKey> retiredEncryptionKeys, X509Certificate2 clientCertificate, HubTrust trust)
    {
        MemberId = memberId;
        SigningKey = signingKey;
        EncryptionKey = encryptionKey;
        RetiredEncryptionKeys = retiredEncryptionKeys;
        ClientCertificate = clientCertificate;
        Trust = trust;
    }

    /// <summary>This member's id.</summary>
    public string MemberId { get; }

    /// <summary>The member's signing key.</summary>
    public SigningKeyPair SigningKey { get; }

    /// <summary>The member's encryption key.</summary>
    public EncryptionKeyPair EncryptionKey { get; }

    /// <summary>
    /// Previous encryption keys as loaded at start-up, still used to open mail sealed to them before a rotation
    /// (<see cref="Hosting.NodeRuntime.RetiredKeys"/> holds those not destroyed since).
    /// </summary>
    public IReadOnlyList<RetiredEncryptionKey> RetiredEncryptionKeys { get; }

    /// <summary>The mTLS client certificate, with its private key.</summary>
    public X509Certificate2 ClientCertificate { get; }

    /// <summary>Trust in the hub CA alone, for the broker's server certificate.</summary>
    public HubTrust Trust { get; }

    /// <summary>Loads everything; the three PBKDF2-protected files are opened in parallel.</summary>
    /// <exception cref="InvalidOperationException">A file cannot be opened; the message names the setting.</exception>
    public static async Task<NodeCredentials> LoadAsync(NodeOptions settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var passphrase = ResolvePassphrase(settings);
        var signing = Task.Run(() => ReadKey(settings.SigningKeyPath!, nameof(NodeOptions.SigningKeyPath), p => KeyFiles.ReadSigningKey(p, passphrase)));
        var encryption = Task.Run(() => ReadKey(settings.EncryptionKeyPath!, nameof(NodeOptions.EncryptionKeyPath), p => KeyFiles.ReadEncryptionKey(p, passphrase)));
        var client = Task.Run(() => LoadClientCertificate(settings, passphrase));
        var retired = RetiredKeyFiles(settings)
            .Select(path => Task.Run(() => new RetiredEncryptionKey(path, ReadKey(path, nameof(NodeOptions.RetiredEncryptionKeyDirectory), p => KeyFiles.ReadEncryptionKey(p, passphrase)))))
            .ToList();
        try
        {
            await Task.WhenAll([signing, encryption, client, .. retired]).ConfigureAwait(false);
        }
        catch
        {
            if (client.IsCompletedSuccessfully)
            {
                client.Result.Dispose();
            }

            throw;
        }

        return new NodeCredentials(
            settings.MemberId!, signing.Result, encryption.Result, [.. retired.Select(t => t.Result)], client.Result, HubTrust.FromFile(settings.HubCaCertificatePath!, time));
    }

    public void Dispose()
    {
        ClientCertificate.Dispose();
        Trust.HubCa.Dispose();
    }

    private static string[] RetiredKeyFiles(NodeOptions settings) =>
        string.IsNullOrWhiteSpace(settings.RetiredEncryptionKeyDirectory) || !Directory.Exists(settings.RetiredEncryptionKeyDirectory)
            ? []
            : [.. Directory.GetFiles(settings.RetiredEncryptionKeyDirectory, "*.key.pem").Order(StringComparer.Ordinal)];

    private static string ResolvePassphrase(NodeOptions settings)
    {
        if (!string.IsNullOrEmpty(settings.KeyPassphrase))
        {
            return settings.KeyPassphrase;
        }

        try
        {
            return Passphrases.Resolve(PassphraseVariable, settings.KeyPassphraseFile);
        }
        catch (KeyStoreException ex)
        {
            throw new InvalidOperationException($"{NodeOptions.Setting(nameof(NodeOptions.KeyPassphraseFile))}: {ex.Message}", ex);
        }
    }

    private static T ReadKey<T>(string path, string setting, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (KeyStoreException ex) when (ex.Error == KeyStoreError.WrongPassphraseOrCorrupted)
        {
            throw new InvalidOperationException(
                $"{NodeOptions.Setting(setting)}: cannot open '{path}' with the configured {NodeOptions.Setting(nameof(NodeOptions.KeyPassphrase))}: wrong passphrase or corrupted file.", ex);
        }
        catch (KeyStoreException ex)
        {
            throw new InvalidOperationException($"{NodeOptions.Setting(setting)}: {ex.Message}", ex);
        }
    }

    private static X509Certificate2 LoadClientCertificate(NodeOptions settings, string passphrase)
    {
        try
        {
            var certificate = X509Certificate2.CreateFromEncryptedPemFile(settings.ClientCertificatePath!, passphrase, settings.ClientKeyPath);
            if (MemberCertificates.GetMemberId(certificate) is { } id && id != settings.MemberId)
            {
                var problem = $"{NodeOptions.Setting(nameof(NodeOptions.ClientCertificatePath))}: the certificate is for member '{id}', not {NodeOptions.Setting(nameof(NodeOptions.MemberId))} '{settings.MemberId}'.";
                certificate.Dispose();
                throw new InvalidOperationException(problem);
            }

            return certificate;
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"{NodeOptions.Setting(nameof(NodeOptions.ClientKeyPath))}: cannot open '{settings.ClientKeyPath}' with the configured {NodeOptions.Setting(nameof(NodeOptions.KeyPassphrase))} "
                + $"(wrong passphrase, corrupted file, or a key that does not match the certificate): {ex.Message}", ex);
        }
    }
}
