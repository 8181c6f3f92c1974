using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Isac.IntegrationTests.Hosting;

/// <summary>One real broker (Kestrel, TLS, 127.0.0.1, a free port) with a fresh test PKI, shared by a test class.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private TestPki? _pki;
    private WebApplication? _app;

    public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

    public WebApplication App => _app ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Everything the broker logged, with scopes.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The bound address, e.g. https://127.0.0.1:41234.</summary>
    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _pki = await TestPki.CreateAsync();
        var settings = _pki.BrokerSettings();
        settings["Logging:LogLevel:Isac"] = "Debug";
        _app = TestBroker.Build(settings, Logs);
        await _app.StartAsync();
        Address = new Uri(_app.Urls.Single());
    }

    /// <summary>A channel presenting <paramref name="clientCertificate"/> (or none) and its member's token, trusting the hub CA for the server.</summary>
    public GrpcChannel CreateChannel(X509Certificate2? clientCertificate, SslProtocols protocols = SslProtocols.None) =>
        BrokerChannels.CreateWithTokens(Address, Pki, clientCertificate, protocols);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_pki is not null)
        {
            await _pki.DisposeAsync();
        }
    }
}
