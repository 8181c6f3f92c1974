using Isac.Core.Membership;
using Isac.Core.Pki;
using Isac.IntegrationTests.Cli;
using Isac.IntegrationTests.Hosting;
using Isac.IntegrationTests.Infrastructure;
using Isac.V1;

namespace Isac.IntegrationTests.Admin;

/// <summary><c>isac admin ...</c> against the real broker: the CLI path through the admin API.</summary>
public sealed class AdminCliTests(AdminFixture fixture) : IClassFixture<AdminFixture>, IDisposable
{
    private readonly TempDirectory _work = new();
    private string? _member;

    private string Certs => Path.Combine(_work.Path, "certs");

    private string PassphraseFile => Path.Combine(_work.Path, "passphrase");

    private string OfflineRoster => Path.Combine(_work.Path, "offline-roster.bin");

    [Fact]
    public async Task AdminApproveThenRevoke_CardFromAnOfflineRoster_ChangesTheBrokersDirectory()
    {
        await PrepareAsync(TestFederation.Cert);
        var member = fixture.NewMember("office-cli");
        var offline = new DirectoryRoster();
        offline.Cards.Add(member.Card);
        await RosterFile.WriteAsync(OfflineRoster, offline);

        var approve = await RunAsync("admin", "approve", "--target", "office-cli", "--roster", OfflineRoster);
        Assert.True(approve.ExitCode == 0, approve.ToString());
        Assert.Contains("Approved office-cli: directory version", approve.Output, StringComparison.Ordinal);
        var list = await RunAsync("admin", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches("office-cli.*active", list.Output);

        var revoke = await RunAsync("admin", "revoke", "--target", "office-cli", "--reason", "test over");
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        using var admin = await fixture.AdminAsync();
        var listed = Assert.Single((await admin.Admin.ListMembersAsync(new ListMembersRequest(), admin.Headers)).Members, m => m.MemberId == "office-cli");
        Assert.Equal(MemberStatus.Revoked, listed.Status);
        Assert.Contains("test over", listed.StatusDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminList_AsAnOrdinaryMember_IsRefusedTheAdminToken()
    {
        await PrepareAsync(TestFederation.OfficeOhio);

        var run = await RunAsync("admin", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("isac.admin", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("directory version", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminApprove_MemberMissingFromTheOfflineRoster_FailsBeforeCallingTheBroker()
    {
        await PrepareAsync(TestFederation.Cert);
        await RosterFile.WriteAsync(OfflineRoster, new DirectoryRoster());

        var run = await RunAsync("admin", "approve", "--target", "office-absent", "--roster", OfflineRoster);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("holds no card of 'office-absent'", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(
        [.. args, "--broker", fixture.Address.ToString(), "--as", _member!, "--identity", fixture.Identity.Issuer.ToString(),
            "--home", Path.Combine(_work.Path, "home"), "--certs", Certs, "--passphrase-file", PassphraseFile]);

    /// <summary>The certs folder the CLI reads: the hub CA, the member's certificate and key.</summary>
    private async Task PrepareAsync(string memberId)
    {
        _member = memberId;
        Directory.CreateDirectory(Certs);
        await File.WriteAllTextAsync(PassphraseFile, TestPki.Passphrase + "\n");
        await PemFiles.WriteCertificateAsync(fixture.Pki.Ca.Certificate, Path.Combine(Certs, DevCertificates.HubCaCertificateFile));
        using var certificate = fixture.Pki.IssueMember(memberId);
        await PemFiles.WriteCertificateAndKeyAsync(certificate, Path.Combine(Certs, $"member-{memberId}.crt.pem"), Path.Combine(Certs, $"member-{memberId}.key.pem"), TestPki.Passphrase);
    }
}
