using Isac.Core.Crypto;
using Isac.Core.Keys;
using Isac.Core.Membership;
using Isac.IntegrationTests.Infrastructure;
using Isac.V1;

namespace Isac.IntegrationTests.Cli;

/// <summary><c>isac governance certify-directory-key</c> (alias <c>renew</c>) and <c>isac keys rotate</c> on a real home folder.</summary>
public sealed class KeyLifecycleVerbTests : IDisposable
{
    private const string Passphrase = "key-lifecycle-test passphrase";
    private readonly TempDirectory _work = new();

    private string HomeDirectory => Path.Combine(_work.Path, "home");

    private string PassphraseFile => Path.Combine(_work.Path, "passphrase");

    [Fact]
    public async Task CertifyDirectoryKey_RefusesMoreThanADay_RenewIsAnAlias_AndNewKeyCertifiesAnotherKey()
    {
        await InitAsync();
        var rootKey = Convert.FromHexString((await File.ReadAllTextAsync(Path.Combine(HomeDirectory, "governance", "root.pub"))).Trim());
        var keyPath = Path.Combine(HomeDirectory, "broker", "directory.key.pem");
        var oldKey = KeyFiles.ReadSigningKey(keyPath, Passphrase).PublicKey;

        var tooLong = await CliAsync("governance", "certify-directory-key", "--hours", "25");
        Assert.Equal(1, tooLong.ExitCode);
        Assert.Contains("at most", tooLong.Error, StringComparison.Ordinal);

        var renew = await CliAsync("governance", "renew", "--hours", "2");
        Assert.True(renew.ExitCode == 0, renew.ToString());
        var renewed = await ReadCertificateAsync(rootKey);
        Assert.Equal(oldKey, renewed.PublicKey.ToByteArray());
        Assert.InRange(renewed.NotAfterMs - renewed.NotBeforeMs, TimeSpan.FromHours(2).TotalMilliseconds - 1000, TimeSpan.FromHours(2).TotalMilliseconds + 1000);

        var fresh = await CliAsync("governance", "certify-directory-key", "--new-key");
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        var newKey = KeyFiles.ReadSigningKey(keyPath, Passphrase).PublicKey;
        Assert.NotEqual(oldKey, newKey);
        var certified = await ReadCertificateAsync(rootKey);
        Assert.Equal(newKey, certified.PublicKey.ToByteArray());
        Assert.True(certified.NotAfterMs - certified.NotBeforeMs <= TimeSpan.FromHours(24).TotalMilliseconds);
    }

    [Fact]
    public async Task KeysRotate_ReSignsTheCardWithANewKey_KeepsTheOldOne_AndRefusesAMemberWithoutAnActiveCard()
    {
        await InitAsync();
        var missing = await CliAsync("keys", "rotate", "--member", "office-ohio");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no active card", missing.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await CliAsync("keys", "new", "--member", "office-ohio")).ExitCode);
        var add = await CliAsync("members", "add", "--member", "office-ohio", "--org", "ohio-sos", "--role", "election-office", "--clearance", "AMBER",
            "--community", "election-sector", "--contact", "soc@ohio.example");
        Assert.True(add.ExitCode == 0, add.ToString());
        var before = await CardAsync("office-ohio");

        var rotate = await CliAsync("keys", "rotate", "--member", "office-ohio");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());

        var after = await CardAsync("office-ohio");
        Assert.NotEqual(before.EncryptionPublicKey, after.EncryptionPublicKey);
        Assert.Equal(before.SigningPublicKey, after.SigningPublicKey);
        Assert.Equal(before.Clearance, after.Clearance);
        Assert.Equal(before.Contacts, after.Contacts);
        var memberDirectory = Path.Combine(HomeDirectory, "members", "office-ohio");
        Assert.Equal(after.EncryptionPublicKey.ToByteArray(), KeyFiles.ReadEncryptionKey(Path.Combine(memberDirectory, "encryption.key.pem"), Passphrase).PublicKey);
        var retired = Path.Combine(memberDirectory, "retired-encryption-keys", Convert.ToHexStringLower(KeyId.Of(before.EncryptionPublicKey.ToByteArray())) + ".key.pem");
        Assert.Equal(before.EncryptionPublicKey.ToByteArray(), KeyFiles.ReadEncryptionKey(retired, Passphrase).PublicKey);

        Assert.Equal(0, (await CliAsync("members", "revoke", "--member", "office-ohio")).ExitCode);
        var revoked = await CliAsync("keys", "rotate", "--member", "office-ohio");
        Assert.Equal(1, revoked.ExitCode);
        Assert.Contains("no active card", revoked.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    private async Task InitAsync()
    {
        await File.WriteAllTextAsync(PassphraseFile, Passphrase + "\n");
        var init = await CliAsync("governance", "init");
        Assert.True(init.ExitCode == 0, init.ToString());
    }

    private async Task<DirectoryKeyCertificate> ReadCertificateAsync(byte[] rootKey)
    {
        var signed = SignedDirectoryKeyCertificate.Parser.ParseFrom(await File.ReadAllBytesAsync(Path.Combine(HomeDirectory, "broker", "directory-key.cert")));
        Assert.True(Signatures.Verify(rootKey, SignatureContext.DirectoryKey, signed.Certificate.Span, signed.Signature.Span));
        return DirectoryKeyCertificate.Parser.ParseFrom(signed.Certificate);
    }

    private async Task<MemberCard> CardAsync(string memberId)
    {
        var roster = await RosterFile.ReadAsync(Path.Combine(HomeDirectory, "broker", "roster.bin"));
        return roster.Cards.Select(c => MemberCard.Parser.ParseFrom(c.Card)).Single(c => c.MemberId == memberId);
    }

    private Task<CliRun> CliAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--home", HomeDirectory, "--certs", Path.Combine(_work.Path, "certs"), "--passphrase-file", PassphraseFile]);
}
