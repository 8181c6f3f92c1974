using System.Security.Cryptography.X509Certificates;
using Isac.Core.Pki;
using Isac.IntegrationTests.Infrastructure;

namespace Isac.IntegrationTests.Cli;

/// <summary>
/// <c>isac taxii</c> and <c>isac node run --taxii-*</c> on a real home folder, where they must refuse: a user
/// added twice, a missing certificate or users file, a bad port; none of these starts a host.
/// </summary>
public sealed class TaxiiVerbErrorTests : IDisposable
{
    private const string Member = "office-ohio";
    private readonly TempDirectory _work = new();

    private string HomeDirectory => Path.Combine(_work.Path, "home");

    private string CertsDirectory => Path.Combine(_work.Path, "certs");

    private string UsersFile => Path.Combine(HomeDirectory, "members", Member, "taxii-users.json");

    [Fact]
    public async Task UserAdd_TwiceWithoutForce_IsRefusedAndKeepsTheFirst_ForceReplacesTheHash()
    {
        var first = await CliAsync("taxii", "user", "add", "--member", Member, "--user", "misp");
        Assert.True(first.ExitCode == 0, first.ToString());
        var stored = await File.ReadAllTextAsync(UsersFile);

        var again = await CliAsync("taxii", "user", "add", "--member", Member, "--user", "misp");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already has a TAXII user 'misp'", again.Error, StringComparison.Ordinal);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Assert.Equal(stored, await File.ReadAllTextAsync(UsersFile));

        var forced = await CliAsync("taxii", "user", "add", "--member", Member, "--user", "misp", "--force", "--read", "RED");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        var replaced = await File.ReadAllTextAsync(UsersFile);
        Assert.NotEqual(stored, replaced);
        Assert.Contains("TLP:RED", replaced, StringComparison.Ordinal);
        Assert.DoesNotContain("TLP:GREEN", replaced, StringComparison.Ordinal);
        Assert.Single(System.Text.Json.JsonDocument.Parse(replaced).RootElement.GetProperty("users").EnumerateArray());
    }

    [Fact]
    public async Task UserRemove_RemovesOnlyThatUser_AndAnUnknownUserIsRefused()
    {
        Assert.Equal(0, (await CliAsync("taxii", "user", "add", "--member", Member, "--user", "misp")).ExitCode);
        Assert.Equal(0, (await CliAsync("taxii", "user", "add", "--member", Member, "--user", "opencti", "--token")).ExitCode);

        var remove = await CliAsync("taxii", "user", "remove", "--member", Member, "--user", "misp");
        Assert.True(remove.ExitCode == 0, remove.ToString());
        var list = await CliAsync("taxii", "user", "list", "--member", Member);
        Assert.DoesNotContain("misp", list.Output, StringComparison.Ordinal);
        Assert.Contains("opencti", list.Output, StringComparison.Ordinal);

        var unknown = await CliAsync("taxii", "user", "remove", "--member", Member, "--user", "misp");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("has no TAXII user 'misp'", unknown.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--user", "a:b", "not a valid user name")]
    [InlineData("--read", "PURPLE", "not a TLP label")]
    public async Task UserAdd_WithABadValue_IsAParseErrorNamingIt(string option, string value, string expected)
    {
        string[] args = option == "--user"
            ? ["taxii", "user", "add", "--member", Member, "--user", value]
            : ["taxii", "user", "add", "--member", Member, "--user", "misp", option, value];
        var run = await CliAsync(args);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(UsersFile));
    }

    [Fact]
    public async Task NodeRunWithTaxii_NamesTheMissingCertificateThenTheMissingUsers_AndTaxiiCertIssuesAServerCertificate()
    {
        Assert.Equal(0, (await CliAsync("certs", "dev", "--member", Member)).ExitCode);
        Assert.Equal(0, (await CliAsync("governance", "init")).ExitCode);
        Assert.Equal(0, (await CliAsync("keys", "new", "--member", Member)).ExitCode);

        var noCertificate = await CliAsync("node", "run", "--member", Member, "--taxii-port", "7602");
        Assert.Equal(1, noCertificate.ExitCode);
        Assert.Contains($"run `isac taxii cert --member {Member}` first", noCertificate.Error, StringComparison.Ordinal);

        var cert = await CliAsync("taxii", "cert", "--member", Member, "--dns", "node.ohio.example");
        Assert.True(cert.ExitCode == 0, cert.ToString());
        using (var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(CertsDirectory, $"taxii-{Member}.crt.pem"))))
        using (var hubCa = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(CertsDirectory, DevCertificates.HubCaCertificateFile)))
        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(hubCa);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
            Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
            Assert.True(certificate.MatchesHostname("node.ohio.example"));
            Assert.True(certificate.MatchesHostname("127.0.0.1"));
        }

        var certAgain = await CliAsync("taxii", "cert", "--member", Member);
        Assert.Equal(1, certAgain.ExitCode);
        Assert.Contains("already has a TAXII certificate", certAgain.Error, StringComparison.Ordinal);

        var noUsers = await CliAsync("node", "run", "--member", Member, "--taxii-port", "7602");
        Assert.Equal(1, noUsers.ExitCode);
        Assert.Contains($"run `isac taxii user add --member {Member} --user NAME` first", noUsers.Error, StringComparison.Ordinal);

        // A hand-edited file with a plaintext password: the node's own start-up validation refuses it, naming the setting.
        await File.WriteAllTextAsync(UsersFile, """{ "users": [ { "name": "misp", "passwordHash": "hunter2", "read": [ "TLP:GREEN" ] } ] }""");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            var plaintext = await CliRun.RunAsync(Common("node", "run", "--member", Member, "--port", "0", "--taxii-port", "0"), timeout.Token);
            Assert.False(timeout.IsCancellationRequested, "the node started with a plaintext password in its users file");
            Assert.Equal(1, plaintext.ExitCode);
            Assert.Contains("Isac:Node:Taxii:Users:0:PasswordHash must be pbkdf2-sha256$", plaintext.Error, StringComparison.Ordinal);
        }

        await File.WriteAllTextAsync(UsersFile, "{ not json");
        var corrupt = await CliAsync("node", "run", "--member", Member, "--taxii-port", "7602");
        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains("is not valid JSON", corrupt.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--taxii-port", "70000" }, "--taxii-port '70000' is not a port number")]
    [InlineData(new[] { "--taxii-port", "-1" }, "--taxii-port")]
    [InlineData(new[] { "--taxii-port", "7602", "--taxii-address", "localhost:1" }, "--taxii-address 'localhost:1' is not an IP address")]
    [InlineData(new[] { "--taxii-address", "0.0.0.0" }, "--taxii-address needs --taxii-port")]
    [InlineData(new[] { "--port", "7610", "--taxii-port", "7610" }, "--taxii-port 7610 is also the node API's --port")]
    [InlineData(new[] { "--taxii-port", "7602", "--taxii-outbox-label", "PURPLE" }, "--taxii-outbox-label")]
    public async Task NodeRun_WithABadTaxiiOption_FailsNamingIt(string[] options, string expected)
    {
        if (!options.Contains("--taxii-port") || options.Contains("--port"))
        {
            // Refused after the node's own files are checked: give it what it needs.
            Assert.Equal(0, (await CliAsync("certs", "dev", "--member", Member)).ExitCode);
            Assert.Equal(0, (await CliAsync("governance", "init")).ExitCode);
            Assert.Equal(0, (await CliAsync("keys", "new", "--member", Member)).ExitCode);
        }

        var run = await CliAsync(["node", "run", "--member", Member, .. options]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    private Task<CliRun> CliAsync(params string[] args) => CliRun.RunAsync(Common(args));

    private string[] Common(params string[] args)
    {
        var passphraseFile = Path.Combine(_work.Path, "passphrase");
        if (!File.Exists(passphraseFile))
        {
            File.WriteAllText(passphraseFile, "taxii-verb-test passphrase\n");
        }

        return [.. args, "--home", HomeDirectory, "--certs", CertsDirectory, "--passphrase-file", passphraseFile];
    }
}
