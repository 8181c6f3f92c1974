using Isac.Core.Pki;
using Isac.IntegrationTests.Hosting;
using Isac.IntegrationTests.Infrastructure;
using Isac.IntegrationTests.Node;
using Isac.Node.Taxii;
using Microsoft.AspNetCore.Builder;
using static Isac.IntegrationTests.Hosting.TestFederation;

namespace Isac.IntegrationTests.Taxii;

/// <summary>
/// A real redis-server, the real broker over mTLS and two real nodes with their TAXII servers on: the national
/// CERT (publishes through its outbox collection to the election sector) and the Ohio office (receives, serves;
/// its outbox publishes TLP:GREEN to the CERT). TAXII users on both: <c>analyst</c> (basic; reads GREEN to
/// AMBER+STRICT, writes the outbox), <c>reader</c> (bearer; reads GREEN only), <c>redteam</c> (bearer; reads RED).
/// </summary>
public sealed class TaxiiFederationFixture : IAsyncLifetime
{
    public const string AnalystPassword = "correct horse battery staple";
    public const string ReaderToken = "reader-token-4f1d3c9a8b7e6d5c4b3a29180f7e6d5c";
    public const string RedTeamToken = "redteam-token-9a8b7c6d5e4f30211f2e3d4c5b6a7980";

    /// <summary>The largest POST body the nodes accept.</summary>
    public const int MaxContentLength = 1024 * 1024;

    private readonly List<WebApplication> _apps = [];
    private RedisServer? _redis;
    private WebApplication? _broker;
    private Dictionary<string, string?> _brokerSettings = null!;

    public TestPki Pki { get; private set; } = null!;

    public TaxiiNode Cert { get; private set; } = null!;

    public TaxiiNode Ohio { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        Pki = await TestPki.CreateAsync();
        _brokerSettings = Pki.BrokerSettings(_redis.ConnectionString);
        await StartBrokerAsync();
        var brokerAddress = new Uri(_broker!.Urls.Single());
        _brokerSettings["Isac:Broker:Port"] = brokerAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var home = Path.Combine(Pki.Directory.FullName, "taxii-nodes");
        var passwordHash = TaxiiPasswordHash.Create(AnalystPassword);
        Cert = await StartAsync(await TestNode.CreateAsync(Pki, TestFederation.Cert, brokerAddress, home), passwordHash, outbox => outbox["Communities:0"] = "election-sector");
        Ohio = await StartAsync(await TestNode.CreateAsync(Pki, OfficeOhio, brokerAddress, home), passwordHash, outbox =>
        {
            outbox["Label"] = "GREEN";
            outbox["Members:0"] = TestFederation.Cert;
        });
    }

    /// <summary>Starts the broker (again, on the same port after the first start; its state is in Redis).</summary>
    public async Task StartBrokerAsync()
    {
        _broker = TestBroker.Build(_brokerSettings);
        await _broker.StartAsync();
    }

    public async Task StopBrokerAsync()
    {
        if (_broker is not null)
        {
            await _broker.StopAsync();
            await _broker.DisposeAsync();
            _broker = null;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await StopBrokerAsync();

        if (Pki is not null)
        {
            await Pki.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private async Task<TaxiiNode> StartAsync(TestNode node, string passwordHash, Action<OutboxSettings> outbox)
    {
        var directory = Path.GetDirectoryName(node.Settings["Isac:Node:ClientCertificatePath"])!;
        var certificatePath = Path.Combine(directory, "taxii.crt.pem");
        var keyPath = Path.Combine(directory, "taxii.key.pem");
        using (var certificate = Pki.Ca.IssueServerCertificate($"{node.MemberId} taxii"))
        {
            await PemFiles.WriteCertificateAndKeyAsync(certificate, certificatePath, keyPath, TestPki.Passphrase);
        }

        const string Section = "Isac:Node:Taxii:";
        var settings = node.Settings;
        settings[Section + "Enabled"] = "true";
        settings[Section + "Port"] = "0";
        settings[Section + "CertificatePath"] = certificatePath;
        settings[Section + "KeyPath"] = keyPath;
        settings[Section + "MaxContentLength"] = MaxContentLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[Section + "Users:0:Name"] = "analyst";
        settings[Section + "Users:0:PasswordHash"] = passwordHash;
        settings[Section + "Users:0:Read:0"] = "GREEN";
        settings[Section + "Users:0:Read:1"] = "AMBER";
        settings[Section + "Users:0:Read:2"] = "AMBER+STRICT";
        settings[Section + "Users:0:WriteOutbox"] = "true";
        settings[Section + "Users:1:Name"] = "reader";
        settings[Section + "Users:1:TokenSha256"] = TaxiiClient.TokenHash(ReaderToken);
        settings[Section + "Users:1:Read:0"] = "TLP:GREEN";
        settings[Section + "Users:2:Name"] = "redteam";
        settings[Section + "Users:2:TokenSha256"] = TaxiiClient.TokenHash(RedTeamToken);
        settings[Section + "Users:2:Read:0"] = "RED";
        outbox(new OutboxSettings(settings, Section + "Outbox:"));

        var app = node.Build(node.Logs);
        await app.StartAsync();
        _apps.Add(app);
        var taxii = new Uri(app.Urls.Single(u => u.StartsWith("https://", StringComparison.Ordinal)));
        return new TaxiiNode(node, app, taxii, Pki.Ca.Certificate);
    }

    /// <summary>Writes settings under the outbox section.</summary>
    public sealed class OutboxSettings(IDictionary<string, string?> settings, string prefix)
    {
        public string? this[string key]
        {
            get => settings[prefix + key];
            set => settings[prefix + key] = value;
        }
    }
}
