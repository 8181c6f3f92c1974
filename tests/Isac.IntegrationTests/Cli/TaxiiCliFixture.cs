using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Isac.Cli;
using Isac.Cli.Demo;
using Isac.IntegrationTests.Infrastructure;
using Isac.IntegrationTests.Taxii;

namespace Isac.IntegrationTests.Cli;

/// <summary>
/// The demo's federation (identity service, broker on embedded Garnet, four nodes), then, as an analyst would:
/// <c>isac taxii cert</c> and <c>isac taxii user add</c> for the Ohio office (a password user <c>misp</c> that
/// writes the outbox, a token user <c>opencti</c> that reads GREEN), and the office's node restarted by
/// <c>isac node run --member office-ohio --taxii-port N</c>, running in the background until disposed.
/// </summary>
public sealed partial class TaxiiCliFixture : IAsyncLifetime, IDisposable
{
    public const string Member = DemoScenario.OfficeOhio;
    private const string Passphrase = "taxii-cli-test passphrase";

    private readonly TempDirectory _work = new();
    private readonly CancellationTokenSource _stop = new();
    private DemoHosts? _hosts;
    private Task<CliRun>? _node;

    public string HomeDirectory => Path.Combine(_work.Path, "home");

    public string CertsDirectory => Path.Combine(_work.Path, "certs");

    public string PassphraseFile => Path.Combine(_work.Path, "passphrase");

    /// <summary>The password <c>isac taxii user add --user misp</c> printed.</summary>
    public string MispPassword { get; private set; } = null!;

    /// <summary>The token <c>isac taxii user add --user opencti --token</c> printed.</summary>
    public string OpenCtiToken { get; private set; } = null!;

    /// <summary>What the two <c>isac taxii user add</c> runs printed (nothing else shows the secrets).</summary>
    public IReadOnlyList<string> Secrets => [MispPassword, OpenCtiToken];

    public Uri TaxiiAddress { get; private set; } = null!;

    public X509Certificate2 HubCa { get; private set; } = null!;

    /// <summary>The CERT's node (local API), to publish to the office.</summary>
    public string CertNode => _hosts!.NodeAddresses[DemoScenario.Cert].ToString();

    public async Task InitializeAsync()
    {
        var runner = new DemoRunner(CliConsole.ForWriters(TextWriter.Null, TextWriter.Null), _work.Path);
        _hosts = new DemoHosts();
        await runner.SetUpAsync(_hosts, Passphrase, CancellationToken.None);
        await File.WriteAllTextAsync(PassphraseFile, Passphrase + "\n");

        await SucceedAsync("taxii", "cert", "--member", Member);
        MispPassword = Secret(await SucceedAsync("taxii", "user", "add", "--member", Member, "--user", "misp", "--write-outbox"));
        OpenCtiToken = Secret(await SucceedAsync("taxii", "user", "add", "--member", Member, "--user", "opencti", "--token", "--read", "green"));
        HubCa = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(CertsDirectory, "hub-ca.crt.pem"));

        // The demo started the office's node without TAXII; the analyst restarts it with the CLI.
        await _hosts.StopNodeAsync(Member, CancellationToken.None);
        var port = FreePort();
        _node = CliRun.RunAsync(
            Common("node", "run", "--member", Member, "--port", "0", "--broker", _hosts.BrokerAddress.ToString(), "--identity", _hosts.IdentityIssuer.ToString(),
                "--taxii-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--taxii-outbox-label", "GREEN", "--taxii-outbox-member", DemoScenario.Cert),
            _stop.Token);
        TaxiiAddress = new Uri($"https://127.0.0.1:{port}/");
        await WaitForTaxiiAsync();
    }

    /// <summary>The CLI's common options for this fixture's home folder.</summary>
    public string[] Common(params string[] args) => [.. args, "--home", HomeDirectory, "--certs", CertsDirectory, "--passphrase-file", PassphraseFile];

    public TaxiiClient Client(System.Net.Http.Headers.AuthenticationHeaderValue? authorization) => new(TaxiiAddress, HubCa, authorization);

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_node is not null)
        {
            await _node;
        }

        if (_hosts is not null)
        {
            await _hosts.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        HubCa?.Dispose();
        _work.Dispose();
    }

    private async Task<CliRun> SucceedAsync(params string[] args)
    {
        var run = await CliRun.RunAsync(Common(args));
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }

    private static string Secret(CliRun run) => SecretLine().Match(run.Output) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no secret printed: " + run);

    private async Task WaitForTaxiiAsync()
    {
        using var http = new HttpClient(TaxiiClient.TrustingOnly(HubCa)) { BaseAddress = TaxiiAddress };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_node!.IsCompleted)
            {
                throw new InvalidOperationException("isac node run ended: " + await _node);
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/taxii2/", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "the TAXII server did not answer within 60 s");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^  ([A-Za-z0-9_-]{32,})\s*$", RegexOptions.Multiline)]
    private static partial Regex SecretLine();
}
