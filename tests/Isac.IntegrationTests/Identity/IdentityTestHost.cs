using System.Net;
using System.Net.Sockets;
using Isac.Core.Pki;
using Isac.Identity.Configuration;
using Isac.Identity.Hosting;
using Isac.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Isac.IntegrationTests.Identity;

/// <summary>
/// The real identity service in-process (Kestrel, TLS, 127.0.0.1) on a test PKI: its own server certificate
/// from the hub CA, the federation's roster and governance root, a signing key file in the PKI folder, and
/// <see cref="TestFederation.Cert"/> as the only admin. The port is fixed when the host is first made, so the
/// issuer stays the same across a restart.
/// </summary>
public sealed class IdentityTestHost : IAsyncDisposable
{
    // No file watchers: many hosts start and stop in one test run.
    private static readonly string[] Args = ["--hostBuilder:reloadConfigOnChange=false"];

    private readonly Dictionary<string, string?> _settings;
    private WebApplication? _app;

    private IdentityTestHost(TestPki pki, Dictionary<string, string?> settings, Uri issuer)
    {
        Pki = pki;
        _settings = settings;
        Issuer = issuer;
    }

    public TestPki Pki { get; }

    /// <summary>The issuer, e.g. https://127.0.0.1:41234/ (also the service's base address).</summary>
    public Uri Issuer { get; }

    public string SigningKeyPath => _settings["Isac:Identity:SigningKeyPath"]!;

    public WebApplication App => _app ?? throw new InvalidOperationException("The identity service is not running.");

    /// <summary>Writes the service's certificate and starts it.</summary>
    /// <param name="pki">The hub CA and federation.</param>
    /// <param name="name">The folder (under the PKI's) for the service's certificate and signing key.</param>
    /// <param name="settings">Settings on top of the defaults (for example <c>Isac:Identity:AccessTokenLifetime</c>).</param>
    public static async Task<IdentityTestHost> StartAsync(TestPki pki, string name = "identity", IDictionary<string, string?>? settings = null)
    {
        var host = await PrepareAsync(pki, name);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            host._settings[key] = value;
        }

        await host.StartAsync();
        return host;
    }

    /// <summary>Writes the service's certificate and settings without starting it.</summary>
    public static async Task<IdentityTestHost> PrepareAsync(TestPki pki, string name)
    {
        var folder = Path.Combine(pki.Directory.FullName, name);
        Directory.CreateDirectory(folder);
        var certificatePath = Path.Combine(folder, "identity.crt.pem");
        var keyPath = Path.Combine(folder, "identity.key.pem");
        using (var server = pki.Ca.IssueServerCertificate("identity-test"))
        {
            await PemFiles.WriteCertificateAndKeyAsync(server, certificatePath, keyPath, TestPki.Passphrase);
        }

        var port = FreePort();
        var issuer = new Uri($"https://127.0.0.1:{port}/");
        var options = new IdentityOptions
        {
            ListenAddress = "127.0.0.1",
            Port = port,
            Issuer = issuer.ToString(),
            HubCaCertificatePath = pki.HubCaCertificatePath,
            ServerCertificatePath = certificatePath,
            ServerKeyPath = keyPath,
            ServerKeyPassphrase = TestPki.Passphrase,
            GovernanceRootPublicKey = Convert.ToHexStringLower(pki.Federation.Root.PublicKey),
            RosterPath = pki.Federation.RosterPath,
            SigningKeyPath = Path.Combine(folder, "token-signing.key.pem"),
            SigningKeyPassphrase = TestPki.Passphrase,
        };
        options.AdminMembers.Add(TestFederation.Cert);
        var settings = options.ToConfiguration();
        settings["Logging:LogLevel:Default"] = "Warning";
        return new IdentityTestHost(pki, settings, issuer);
    }

    /// <summary>Builds the real host from <paramref name="settings"/> (for start-up refusal tests).</summary>
    public static WebApplication Build(IDictionary<string, string?> settings) =>
        IdentityHost.Build(Args, builder => builder.Configuration.AddInMemoryCollection(settings));

    /// <summary>A copy of the settings this host runs with.</summary>
    public Dictionary<string, string?> Settings() => new(_settings);

    public async Task StartAsync()
    {
        _app = Build(_settings);
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public TokenClient CreateClient() => new(Issuer, Pki.Trust);

    public ValueTask DisposeAsync() => new(StopAsync());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
