using Isac.Core.Membership;
using Isac.IntegrationTests.Infrastructure;

namespace Isac.IntegrationTests.Cli;

/// <summary>The operator's verbs on a real home folder: governance init, keys new, members add/list/revoke.</summary>
public sealed class GovernanceVerbTests
{
    [Fact]
    public async Task Enrolment_SignsACardTheRootVerifies_AndRevocationShowsInTheList()
    {
        using var work = new TempDirectory();
        var passphraseFile = Path.Combine(work.Path, "passphrase");
        await File.WriteAllTextAsync(passphraseFile, "governance-verb-test passphrase\n");
        string[] Common(params string[] args) => [.. args, "--home", Path.Combine(work.Path, "home"), "--certs", Path.Combine(work.Path, "certs"), "--passphrase-file", passphraseFile];

        Assert.Equal(0, (await CliRun.RunAsync(Common("governance", "init"))).ExitCode);
        var again = await CliRun.RunAsync(Common("governance", "init"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRun.RunAsync(Common("keys", "new", "--member", "office-ohio"))).ExitCode);
        var add = await CliRun.RunAsync(Common("members", "add", "--member", "office-ohio", "--org", "ohio-sos", "--role", "election-office",
            "--clearance", "amber", "--community", "election-sector", "--community", "state:ohio"));
        Assert.True(add.ExitCode == 0, add.ToString());

        // The roster holds a card the governance root signed, with exactly what was asked for.
        var rootKey = Convert.FromHexString((await File.ReadAllTextAsync(Path.Combine(work.Path, "home", "governance", "root.pub"))).Trim());
        var roster = await RosterFile.ReadAsync(Path.Combine(work.Path, "home", "broker", "roster.bin"));
        var signed = Assert.Single(roster.Cards);
        Assert.True(Core.Crypto.Signatures.Verify(rootKey, Core.Crypto.SignatureContext.Card, signed.Card.Span, signed.Signature.Span));
        var member = MemberCards.ToMember(V1.MemberCard.Parser.ParseFrom(signed.Card));
        Assert.Equal(Core.Labels.Tlp.Amber, member.Clearance);
        Assert.Equal(["election-sector", "state:ohio"], member.Communities.Order(StringComparer.Ordinal));

        var list = await CliRun.RunAsync(Common("members", "list"));
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("active", list.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRun.RunAsync(Common("members", "revoke", "--member", "office-ohio", "--reason", "lost laptop"))).ExitCode);
        list = await CliRun.RunAsync(Common("members", "list"));
        Assert.Contains("revoked: lost laptop", list.Output, StringComparison.Ordinal);
        var readd = await CliRun.RunAsync(Common("members", "add", "--member", "office-ohio", "--org", "ohio-sos", "--role", "election-office", "--clearance", "AMBER", "--replace"));
        Assert.Equal(1, readd.ExitCode);
        Assert.Contains("is revoked", readd.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertsDev_WritesAChainTheHubTrusts_AndRefusesToReplaceTheCaWithoutForce()
    {
        using var work = new TempDirectory();
        var passphraseFile = Path.Combine(work.Path, "passphrase");
        await File.WriteAllTextAsync(passphraseFile, "certs-verb-test passphrase");
        var certs = Path.Combine(work.Path, "certs");
        string[] Common(params string[] args) => [.. args, "--certs", certs, "--passphrase-file", passphraseFile];

        var dev = await CliRun.RunAsync(Common("certs", "dev", "--member", "office-ohio"));
        Assert.True(dev.ExitCode == 0, dev.ToString());
        var issue = await CliRun.RunAsync(Common("certs", "issue", "--member", "vendor-acme"));
        Assert.True(issue.ExitCode == 0, issue.ToString());

        var trust = Core.Pki.HubTrust.FromFile(Path.Combine(certs, "hub-ca.crt.pem"));
        foreach (var member in new[] { "office-ohio", "vendor-acme" })
        {
            using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(certs, $"member-{member}.crt.pem")));
            Assert.True(trust.ValidateClientCertificate(certificate).IsAccepted, member);
            Assert.Equal(member, Core.Pki.MemberCertificates.GetMemberId(certificate));
        }

        var again = await CliRun.RunAsync(Common("certs", "dev"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("pass --force to replace it", again.Error, StringComparison.Ordinal);
        var reissue = await CliRun.RunAsync(Common("certs", "issue", "--member", "vendor-acme"));
        Assert.Equal(1, reissue.ExitCode);
        Assert.Contains("already has a certificate", reissue.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertifyBrokerKey_WritesARootSignedCertificateOfTheReceiptKey_NewKeyReplacesIt()
    {
        using var work = new TempDirectory();
        var passphraseFile = Path.Combine(work.Path, "passphrase");
        await File.WriteAllTextAsync(passphraseFile, "broker-key-verb-test passphrase\n");
        var home = Path.Combine(work.Path, "home");
        string[] Common(params string[] args) => [.. args, "--home", home, "--passphrase-file", passphraseFile];
        Assert.Equal(0, (await CliRun.RunAsync(Common("governance", "init"))).ExitCode);
        var rootKey = Convert.FromHexString((await File.ReadAllTextAsync(Path.Combine(home, "governance", "root.pub"))).Trim());
        var path = Path.Combine(home, "broker", "receipt-key.cert");
        var initial = CertifiedKey(rootKey, path);
        Assert.InRange(initial.NotAfter - initial.NotBefore, TimeSpan.FromDays(364), TimeSpan.FromDays(366));

        var renew = await CliRun.RunAsync(Common("governance", "certify-broker-key", "--days", "30"));
        Assert.True(renew.ExitCode == 0, renew.ToString());
        var renewed = CertifiedKey(rootKey, path);
        Assert.Equal(initial.PublicKey, renewed.PublicKey);
        Assert.InRange(renewed.NotAfter - renewed.NotBefore, TimeSpan.FromDays(29), TimeSpan.FromDays(31));

        Assert.Equal(0, (await CliRun.RunAsync(Common("governance", "certify-broker-key", "--new-key"))).ExitCode);
        Assert.NotEqual(initial.PublicKey, CertifiedKey(rootKey, path).PublicKey);

        var tooLong = await CliRun.RunAsync(Common("governance", "certify-broker-key", "--days", "500"));
        Assert.Equal(1, tooLong.ExitCode);
        Assert.Contains("at most", tooLong.Error, StringComparison.Ordinal);
    }

    private static CertifiedBrokerKey CertifiedKey(byte[] rootKey, string path)
    {
        var signed = V1.SignedBrokerKeyCertificate.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.True(CertifiedBrokerKey.TryVerify(rootKey, signed, out var key, out var error), error);
        return key;
    }
}
