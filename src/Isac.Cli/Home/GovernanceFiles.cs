using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Keys;
using Isac.Core.Membership;

namespace Isac.Cli.Home;

/// <summary>
/// The governance side of a home folder: the root key, the directory key and its certificate, the broker's
/// receipt key and its certificate, and the roster. <c>isac governance init</c>, <c>isac members</c> and <c>isac demo</c> use it.
/// </summary>
internal static class GovernanceFiles
{
    /// <summary>How long before now a new directory-key certificate starts (clock skew between hosts).</summary>
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    /// <summary>The default lifetime of the broker's receipt-key certificate.</summary>
    public static readonly TimeSpan DefaultBrokerKeyLifetime = TimeSpan.FromDays(365);

    /// <summary>
    /// Creates the governance root, a directory key certified for <paramref name="directoryKeyLifetime"/> and the
    /// broker's receipt key, and an empty roster. Refuses to replace an existing root unless <paramref name="force"/>:
    /// every card it signed would stop verifying.
    /// </summary>
    public static async Task<GovernanceRoot> InitAsync(IsacHome home, string passphrase, TimeSpan directoryKeyLifetime, bool force, CancellationToken cancellationToken)
    {
        var (root, keyFiles) = await StartInitAsync(home, passphrase, directoryKeyLifetime, force, cancellationToken).ConfigureAwait(false);
        await keyFiles.ConfigureAwait(false);
        return root;
    }

    /// <summary>
    /// <see cref="InitAsync"/> in two parts: the public files (root key, directory-key certificate, empty roster)
    /// are written before this returns; the three encrypted key files (one PBKDF2 run each) are written by the
    /// returned task, so the caller can do other work meanwhile (the demo enrols members).
    /// </summary>
    public static async Task<(GovernanceRoot Root, Task KeyFiles)> StartInitAsync(
        IsacHome home, string passphrase, TimeSpan directoryKeyLifetime, bool force, CancellationToken cancellationToken)
    {
        if (!force && (File.Exists(home.RootKeyPath) || File.Exists(home.RootPublicKeyPath)))
        {
            throw new CliException($"a governance root already exists in {home.GovernanceDirectory}; pass --force to replace it (every member card it signed stops verifying)");
        }

        ValidateLifetime(directoryKeyLifetime);
        Directory.CreateDirectory(home.GovernanceDirectory);
        Directory.CreateDirectory(home.BrokerDirectory);
        var rootKey = SigningKeyPair.Generate();
        var directoryKey = SigningKeyPair.Generate();
        var receiptKey = SigningKeyPair.Generate();
        var root = new GovernanceRoot(rootKey);
        await File.WriteAllTextAsync(home.RootPublicKeyPath, Convert.ToHexStringLower(rootKey.PublicKey) + "\n", cancellationToken).ConfigureAwait(false);
        await WriteDirectoryKeyCertificateAsync(home, root, directoryKey.PublicKey, directoryKeyLifetime, cancellationToken).ConfigureAwait(false);
        await WriteBrokerKeyCertificateAsync(home, root, receiptKey.PublicKey, DefaultBrokerKeyLifetime, cancellationToken).ConfigureAwait(false);
        if (force || !File.Exists(home.RosterPath))
        {
            await RosterFile.WriteAsync(home.RosterPath, new V1.DirectoryRoster(), cancellationToken).ConfigureAwait(false);
        }

        var keyFiles = Task.WhenAll(
            Task.Run(() => KeyFiles.WriteSigningKey(home.RootKeyPath, rootKey, passphrase, overwrite: force), cancellationToken),
            Task.Run(() => KeyFiles.WriteSigningKey(home.DirectoryKeyPath, directoryKey, passphrase, overwrite: force), cancellationToken),
            Task.Run(() => KeyFiles.WriteSigningKey(home.ReceiptKeyPath, receiptKey, passphrase, overwrite: force), cancellationToken));
        return (root, keyFiles);
    }

    /// <summary>
    /// Certifies the directory key with the governance root for <paramref name="lifetime"/> (a day at most):
    /// the existing key, or a newly generated one when <paramref name="newKey"/> (which replaces the key file).
    /// </summary>
    public static async Task<DateTimeOffset> CertifyDirectoryKeyAsync(IsacHome home, string passphrase, TimeSpan lifetime, bool newKey, CancellationToken cancellationToken)
    {
        ValidateLifetime(lifetime);
        var root = LoadRoot(home, passphrase);
        var directoryKey = ReadOrCreateKey(home, home.DirectoryKeyPath, "the directory key", passphrase, newKey);
        return await WriteDirectoryKeyCertificateAsync(home, root, directoryKey.PublicKey, lifetime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Certifies the broker's receipt key with the governance root for <paramref name="lifetime"/> (400 days at
    /// most): the existing key, or a newly generated one when <paramref name="newKey"/> (which replaces the key file;
    /// restart the broker). The broker publishes the certificate in its next snapshot.
    /// </summary>
    public static async Task<DateTimeOffset> CertifyBrokerKeyAsync(IsacHome home, string passphrase, TimeSpan lifetime, bool newKey, CancellationToken cancellationToken)
    {
        if (lifetime <= TimeSpan.Zero || lifetime + Backdate > GovernanceRoot.MaxBrokerKeyLifetime)
        {
            throw new CliException($"the broker key's certificate lifetime must be more than 0 and at most {(GovernanceRoot.MaxBrokerKeyLifetime - Backdate).TotalDays:0.##} days");
        }

        var root = LoadRoot(home, passphrase);
        var receiptKey = ReadOrCreateKey(home, home.ReceiptKeyPath, "the broker's receipt key", passphrase, newKey);
        return await WriteBrokerKeyCertificateAsync(home, root, receiptKey.PublicKey, lifetime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pinned root public key from <c>governance/root.pub</c>.</summary>
    public static byte[] ReadRootPublicKey(IsacHome home)
    {
        RequireFile(home.RootPublicKeyPath, "the governance root's public key", "isac governance init");
        var hex = File.ReadAllText(home.RootPublicKeyPath).Trim();
        try
        {
            var key = Convert.FromHexString(hex);
            return key.Length == Signatures.PublicKeyLength
                ? key
                : throw new CliException($"{home.RootPublicKeyPath} must hold {Signatures.PublicKeyLength * 2} hex characters");
        }
        catch (FormatException)
        {
            throw new CliException($"{home.RootPublicKeyPath} must hold {Signatures.PublicKeyLength * 2} hex characters");
        }
    }

    /// <summary>Loads the governance root (one PBKDF2 run).</summary>
    public static GovernanceRoot LoadRoot(IsacHome home, string passphrase)
    {
        RequireFile(home.RootKeyPath, "the governance root key", "isac governance init");
        return new GovernanceRoot(KeyFiles.ReadSigningKey(home.RootKeyPath, passphrase));
    }

    /// <summary>Fails with the command to run when a file a command needs is missing.</summary>
    public static void RequireFile(string path, string what, string createdBy)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{what} is missing ({path}): run `{createdBy}` first, or pass the right --home / --certs");
        }
    }

    private static async Task<DateTimeOffset> WriteDirectoryKeyCertificateAsync(
        IsacHome home, GovernanceRoot root, byte[] directoryPublicKey, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var notBefore = DateTimeOffset.UtcNow - Backdate;
        var notAfter = notBefore + lifetime;
        await WriteAtomicallyAsync(home.DirectoryKeyCertificatePath, root.CertifyDirectoryKey(directoryPublicKey, notBefore, notAfter).ToByteArray(), cancellationToken).ConfigureAwait(false);
        return notAfter;
    }

    private static async Task<DateTimeOffset> WriteBrokerKeyCertificateAsync(
        IsacHome home, GovernanceRoot root, byte[] receiptPublicKey, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var notBefore = DateTimeOffset.UtcNow - Backdate;
        var notAfter = notBefore + lifetime;
        await WriteAtomicallyAsync(home.ReceiptKeyCertificatePath, root.CertifyBrokerKey(receiptPublicKey, string.Empty, notBefore, notAfter).ToByteArray(), cancellationToken).ConfigureAwait(false);
        return notAfter;
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The existing key at <paramref name="path"/>, or a new one written there when <paramref name="newKey"/>.</summary>
    private static SigningKeyPair ReadOrCreateKey(IsacHome home, string path, string what, string passphrase, bool newKey)
    {
        if (!newKey)
        {
            RequireFile(path, what, "isac governance init");
            return KeyFiles.ReadSigningKey(path, passphrase);
        }

        var key = SigningKeyPair.Generate();
        Directory.CreateDirectory(home.BrokerDirectory);
        KeyFiles.WriteSigningKey(path, key, passphrase, overwrite: true);
        return key;
    }

    private static void ValidateLifetime(TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero || lifetime + Backdate > GovernanceRoot.MaxDirectoryKeyLifetime)
        {
            throw new CliException(
                $"the directory key's certificate lifetime must be more than 0 and at most {(GovernanceRoot.MaxDirectoryKeyLifetime - Backdate).TotalHours:0.##} hours (24 h including {Backdate.TotalMinutes:0} minutes of clock skew)");
        }
    }
}
