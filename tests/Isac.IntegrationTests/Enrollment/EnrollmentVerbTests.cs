using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Isac.Core.Crypto;
using Isac.Core.Membership;
using Isac.Core.Pki;
using Isac.IntegrationTests.Cli;
using Isac.IntegrationTests.Infrastructure;

namespace Isac.IntegrationTests.Enrollment;

/// <summary>
/// <c>isac enroll request</c> and <c>isac members approve</c> on a real home folder and dev PKI: the fingerprint,
/// the second approver for AMBER and above, the CSR's member, and what an approval writes.
/// </summary>
public sealed partial class EnrollmentVerbTests : IDisposable
{
    private readonly TempDirectory _work = new();

    private string HomeDirectory => Path.Combine(_work.Path, "home");

    private string Certs => Path.Combine(_work.Path, "certs");

    private string RosterPath => Path.Combine(HomeDirectory, "broker", "roster.bin");

    [Fact]
    public async Task Approve_WithAWrongFingerprint_IsRefusedAndSignsNothing()
    {
        await InitAsync();
        var request = await RequestAsync("office-erie", "GREEN");
        var other = await RequestAsync("office-bucks", "GREEN");

        var run = await CliAsync("members", "approve", RequestPath("office-erie"), "--fingerprint", Fingerprint(other), "--approver", "alice");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: fingerprint mismatch", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Fingerprint(request), run.Error, StringComparison.Ordinal);
        Assert.Empty((await RosterFile.ReadAsync(RosterPath)).Cards);
        Assert.False(File.Exists(Path.Combine(Certs, "member-office-erie.crt.pem")));
        Assert.False(File.Exists(Path.Combine(HomeDirectory, "broker", "approvals.log")));
    }

    [Fact]
    public async Task Approve_AmberWithOneApprover_IsRefused_AndTwoDistinctApproversSignCardAndCertificate()
    {
        await InitAsync();
        var fingerprint = Fingerprint(await RequestAsync("office-erie", "AMBER"));

        var one = await CliAsync("members", "approve", RequestPath("office-erie"), "--fingerprint", fingerprint, "--approver", "alice");
        Assert.Equal(1, one.ExitCode);
        Assert.Contains("needs two distinct approvers", one.Error, StringComparison.Ordinal);
        var same = await CliAsync("members", "approve", RequestPath("office-erie"), "--fingerprint", fingerprint, "--approver", "alice", "--approver", " ALICE ");
        Assert.Equal(1, same.ExitCode);
        Assert.Empty((await RosterFile.ReadAsync(RosterPath)).Cards);

        var two = await CliAsync("members", "approve", RequestPath("office-erie"), "--fingerprint", fingerprint, "--approver", "alice", "--approver", "bob");
        Assert.True(two.ExitCode == 0, two.ToString());

        // The card the root signed carries the requested keys and clearance; the certificate is the CSR's key, named for the member.
        var rootKey = Convert.FromHexString((await File.ReadAllTextAsync(Path.Combine(HomeDirectory, "governance", "root.pub"))).Trim());
        var signed = Assert.Single((await RosterFile.ReadAsync(RosterPath)).Cards);
        Assert.True(Signatures.Verify(rootKey, SignatureContext.Card, signed.Card.Span, signed.Signature.Span));
        var member = MemberCards.ToMember(V1.MemberCard.Parser.ParseFrom(signed.Card));
        Assert.Equal(Core.Labels.Tlp.Amber, member.Clearance);
        var requested = EnrollmentRequest.ParsePem(await File.ReadAllTextAsync(RequestPath("office-erie"))).ReadCard();
        Assert.Equal(requested.EncryptionPublicKey.ToByteArray(), member.EncryptionPublicKey);
        Assert.Equal(requested.SigningPublicKey.ToByteArray(), member.SigningPublicKey);

        var passphrase = (await File.ReadAllTextAsync(PassphraseFile)).Trim();
        using var certificate = X509Certificate2.CreateFromEncryptedPemFile(
            Path.Combine(Certs, "member-office-erie.crt.pem"), passphrase, Path.Combine(Certs, "member-office-erie.key.pem"));
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("office-erie", MemberCertificates.GetMemberId(certificate));
        Assert.True(HubTrust.FromFile(Path.Combine(Certs, "hub-ca.crt.pem")).ValidateClientCertificate(certificate).IsAccepted);
        Assert.Contains("approvers=alice,bob", await File.ReadAllTextAsync(Path.Combine(HomeDirectory, "broker", "approvals.log")), StringComparison.Ordinal);

        var again = await CliAsync("members", "approve", RequestPath("office-erie"), "--fingerprint", fingerprint, "--approver", "alice", "--approver", "bob");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already in the roster", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_ACardWithAnotherMembersCsr_IsRefusedEvenWithItsOwnFingerprint()
    {
        await InitAsync();
        await RequestAsync("office-erie", "GREEN");
        await RequestAsync("office-bucks", "GREEN");
        var erie = EnrollmentRequest.ParsePem(await File.ReadAllTextAsync(RequestPath("office-erie")));
        var bucks = EnrollmentRequest.ParsePem(await File.ReadAllTextAsync(RequestPath("office-bucks")));
        var spliced = new string(System.Security.Cryptography.PemEncoding.Write(EnrollmentRequest.CardPemLabel, erie.CardBytes.Span)) + "\n"
            + new string(System.Security.Cryptography.PemEncoding.Write(EnrollmentRequest.CsrPemLabel, bucks.CertificateSigningRequest.Span)) + "\n";
        var path = Path.Combine(_work.Path, "spliced.pem");
        await File.WriteAllTextAsync(path, spliced);

        var run = await CliAsync("members", "approve", path, "--fingerprint", EnrollmentRequest.ParsePem(spliced).Fingerprint, "--approver", "alice");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("names member 'office-bucks', but the card requests 'office-erie'", run.Error, StringComparison.Ordinal);
        Assert.Empty((await RosterFile.ReadAsync(RosterPath)).Cards);
    }

    public void Dispose() => _work.Dispose();

    private string PassphraseFile => Path.Combine(_work.Path, "passphrase");

    private string RequestPath(string memberId) => Path.Combine(HomeDirectory, "members", memberId, "enrollment-request.pem");

    private static string Fingerprint(CliRun run) => FingerprintLine().Match(run.Output).Groups[1].Value;

    private async Task InitAsync()
    {
        await File.WriteAllTextAsync(PassphraseFile, "enrollment-verb-test passphrase\n");
        var init = await CliAsync("governance", "init");
        Assert.True(init.ExitCode == 0, init.ToString());
        var certs = await CliAsync("certs", "dev");
        Assert.True(certs.ExitCode == 0, certs.ToString());
    }

    private async Task<CliRun> RequestAsync(string memberId, string clearance)
    {
        var run = await CliAsync("enroll", "request", "--member", memberId, "--org", memberId + "-county", "--role", "election-office",
            "--clearance", clearance, "--community", "election-sector");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches("^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$", Fingerprint(run));
        return run;
    }

    private Task<CliRun> CliAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--home", HomeDirectory, "--certs", Certs, "--passphrase-file", PassphraseFile]);

    [GeneratedRegex(@"Fingerprint: (\S+)")]
    private static partial Regex FingerprintLine();
}
