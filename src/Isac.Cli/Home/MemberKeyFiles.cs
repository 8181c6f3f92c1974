using Isac.Core.Crypto;
using Isac.Core.Keys;

namespace Isac.Cli.Home;

/// <summary>A member's key files in the home folder (<c>isac keys new</c>) and their public halves.</summary>
internal static class MemberKeyFiles
{
    private const string SigningPrefix = "signing ";
    private const string EncryptionPrefix = "encryption ";

    /// <summary>Generates and writes the member's Ed25519 and X25519 keys and <c>public-keys.txt</c>.</summary>
    public static async Task<MemberPublicKeys> CreateAsync(IsacHome home, string memberId, string passphrase, bool force, CancellationToken cancellationToken)
    {
        var signing = SigningKeyPair.Generate();
        var encryption = EncryptionKeyPair.Generate();
        await WriteAsync(home, memberId, signing, encryption, passphrase, force, cancellationToken).ConfigureAwait(false);
        return new MemberPublicKeys(signing.PublicKey, encryption.PublicKey);
    }

    /// <summary>Writes the member's key files (one PBKDF2 run each, in parallel) and <c>public-keys.txt</c>.</summary>
    public static async Task WriteAsync(
        IsacHome home, string memberId, SigningKeyPair signing, EncryptionKeyPair encryption, string passphrase, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signing);
        ArgumentNullException.ThrowIfNull(encryption);
        var signingPath = home.SigningKeyPath(memberId);
        var encryptionPath = home.EncryptionKeyPath(memberId);
        if (!force && (File.Exists(signingPath) || File.Exists(encryptionPath)))
        {
            throw new CliException($"member {memberId} already has keys in {home.MemberDirectory(memberId)}; pass --force to replace them (its card must then be signed again)");
        }

        Directory.CreateDirectory(home.MemberDirectory(memberId));
        await Task.WhenAll(
            Task.Run(() => KeyFiles.WriteSigningKey(signingPath, signing, passphrase, overwrite: force), cancellationToken),
            Task.Run(() => KeyFiles.WriteEncryptionKey(encryptionPath, encryption, passphrase, overwrite: force), cancellationToken)).ConfigureAwait(false);
        await WritePublicKeysAsync(home, memberId, signing.PublicKey, encryption.PublicKey, cancellationToken).ConfigureAwait(false);
    }

    private static Task WritePublicKeysAsync(IsacHome home, string memberId, byte[] signing, byte[] encryption, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(
            home.PublicKeysPath(memberId),
            $"{SigningPrefix}{Convert.ToHexStringLower(signing)}\n{EncryptionPrefix}{Convert.ToHexStringLower(encryption)}\n",
            cancellationToken);

    /// <summary>
    /// Replaces the member's encryption key with a new one: the old key file moves, still encrypted, into
    /// <c>retired-encryption-keys/</c> (named by its key id) so the node keeps opening mail sealed to it;
    /// <c>public-keys.txt</c> names the new key.
    /// </summary>
    public static async Task<MemberPublicKeys> RotateEncryptionKeyAsync(IsacHome home, string memberId, string passphrase, CancellationToken cancellationToken)
    {
        var current = ReadPublicKeys(home, memberId);
        var path = home.EncryptionKeyPath(memberId);
        GovernanceFiles.RequireFile(path, $"the encryption key of {memberId}", $"isac keys new --member {memberId}");

        // Proves the passphrase opens the key (and that the file matches public-keys.txt) before anything moves.
        var old = KeyFiles.ReadEncryptionKey(path, passphrase);
        if (!old.PublicKey.AsSpan().SequenceEqual(current.Encryption))
        {
            throw new CliException($"{path} does not hold the encryption key named in {home.PublicKeysPath(memberId)}");
        }

        var fresh = EncryptionKeyPair.Generate();
        var retiredDirectory = home.RetiredEncryptionKeysDirectory(memberId);
        Directory.CreateDirectory(retiredDirectory);
        var retiredPath = Path.Combine(retiredDirectory, Convert.ToHexStringLower(KeyId.Of(old.PublicKey)) + ".key.pem");
        var staged = path + ".new";
        await Task.Run(() => KeyFiles.WriteEncryptionKey(staged, fresh, passphrase, overwrite: true), cancellationToken).ConfigureAwait(false);
        File.Move(path, retiredPath, overwrite: false);
        File.Move(staged, path);
        await WritePublicKeysAsync(home, memberId, current.Signing, fresh.PublicKey, cancellationToken).ConfigureAwait(false);
        return new MemberPublicKeys(current.Signing, fresh.PublicKey);
    }

    /// <summary>The encrypted key files of the member's retired encryption keys (none before a rotation).</summary>
    public static string[] RetiredEncryptionKeyFiles(IsacHome home, string memberId)
    {
        var directory = home.RetiredEncryptionKeysDirectory(memberId);
        return Directory.Exists(directory) ? [.. Directory.GetFiles(directory, "*.key.pem").Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>Reads <c>public-keys.txt</c> (no passphrase needed).</summary>
    public static MemberPublicKeys ReadPublicKeys(IsacHome home, string memberId)
    {
        var path = home.PublicKeysPath(memberId);
        GovernanceFiles.RequireFile(path, $"the public keys of member {memberId}", $"isac keys new --member {memberId}");
        byte[]? signing = null;
        byte[]? encryption = null;
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.StartsWith(SigningPrefix, StringComparison.Ordinal))
            {
                signing = ParseKey(line[SigningPrefix.Length..], path);
            }
            else if (line.StartsWith(EncryptionPrefix, StringComparison.Ordinal))
            {
                encryption = ParseKey(line[EncryptionPrefix.Length..], path);
            }
        }

        return signing is not null && encryption is not null
            ? new MemberPublicKeys(signing, encryption)
            : throw new CliException($"{path} must hold a 'signing <hex>' and an 'encryption <hex>' line");
    }

    private static byte[] ParseKey(string hex, string path)
    {
        try
        {
            var key = Convert.FromHexString(hex.Trim());
            return key.Length == 32 ? key : throw new CliException($"{path}: a public key must be 64 hex characters");
        }
        catch (FormatException)
        {
            throw new CliException($"{path}: a public key must be 64 hex characters");
        }
    }
}
