using Grpc.Net.Client;
using Isac.Core.Keys;
using Isac.Core.Pki;
using Isac.IntegrationTests.Hosting;
using Isac.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Isac.IntegrationTests.Node;

/// <summary>
/// One member's real node host (NodeHost, as the CLI starts it) with its keys and mTLS certificate written to
/// disk, a data directory that survives <see cref="StopAsync"/> (a restart resumes from it), and a client for
/// its local gRPC API.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private static readonly string[] Args = ["--hostBuilder:reloadConfigOnChange=false"];
    private readonly Dictionary<string, string?> _settings;
    private WebApplication? _app;
    private GrpcChannel? _channel;

    private TestNode(string memberId, Dictionary<string, string?> settings)
    {
        MemberId = memberId;
        _settings = settings;
    }

    public string MemberId { get; }

    public V1.Node.NodeClient Client { get; private set; } = null!;

    public bool IsRunning => _app is not null;

    /// <summary>The running host's services (for assertions on its internals).</summary>
    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("The node is not running.")).Services;

    /// <summary>What the node logged (Isac categories from Information up), across restarts.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Writes the member's files under <paramref name="home"/> and returns the (not yet started) node.</summary>
    public static async Task<TestNode> CreateAsync(TestPki pki, string memberId, Uri brokerAddress, string home)
    {
        var directory = Directory.CreateDirectory(Path.Combine(home, memberId)).FullName;
        var keys = pki.Federation.Members[memberId];
        var settings = new Dictionary<string, string?>
        {
            ["Isac:Node:MemberId"] = memberId,
            ["Isac:Node:DataDirectory"] = Path.Combine(directory, "data"),
            ["Isac:Node:BrokerAddress"] = brokerAddress.ToString(),
            ["Isac:Node:IdentityUri"] = pki.Identity.Issuer.ToString(),
            ["Isac:Node:HubCaCertificatePath"] = pki.HubCaCertificatePath,
            ["Isac:Node:ClientCertificatePath"] = Path.Combine(directory, "client.crt.pem"),
            ["Isac:Node:ClientKeyPath"] = Path.Combine(directory, "client.key.pem"),
            ["Isac:Node:SigningKeyPath"] = Path.Combine(directory, "signing.key.pem"),
            ["Isac:Node:EncryptionKeyPath"] = Path.Combine(directory, "encryption.key.pem"),
            ["Isac:Node:KeyPassphrase"] = TestPki.Passphrase,
            ["Isac:Node:GovernanceRootPublicKey"] = Convert.ToHexStringLower(pki.Federation.Root.PublicKey),
            ["Isac:Node:Port"] = "0",
            ["Isac:Node:DirectoryRefreshInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Isac"] = "Information",
        };
        using (var certificate = pki.IssueMember(memberId))
        {
            await PemFiles.WriteCertificateAndKeyAsync(certificate, settings["Isac:Node:ClientCertificatePath"]!, settings["Isac:Node:ClientKeyPath"]!, TestPki.Passphrase);
        }

        await Task.WhenAll(
            Task.Run(() => KeyFiles.WriteSigningKey(settings["Isac:Node:SigningKeyPath"]!, keys.Signing, TestPki.Passphrase)),
            Task.Run(() => KeyFiles.WriteEncryptionKey(settings["Isac:Node:EncryptionKeyPath"]!, keys.Encryption, TestPki.Passphrase)));
        return new TestNode(memberId, settings);
    }

    /// <summary>The settings this node starts with (tests may change them before <see cref="StartAsync"/>).</summary>
    public IDictionary<string, string?> Settings => _settings;

    /// <summary>Builds the host without starting it.</summary>
    public WebApplication Build(LogCapture? logs = null) =>
        NodeHost.Build(Args, builder =>
        {
            builder.Configuration.AddInMemoryCollection(_settings);
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        });

    public async Task StartAsync()
    {
        _app = Build(Logs);
        await _app.StartAsync();
        _channel = GrpcChannel.ForAddress(_app.Urls.Single());
        Client = new V1.Node.NodeClient(_channel);
    }

    public async Task StopAsync()
    {
        _channel?.Dispose();
        _channel = null;
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
