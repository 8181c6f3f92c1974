using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Isac.Broker.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Isac.IntegrationTests.Hosting;

/// <summary>
/// One real broker host (Kestrel, TLS, 127.0.0.1, a free port) on a given <see cref="TestPki"/>, started with extra
/// settings and optional service replacements: for tests that need several brokers, a restart on the same store, or
/// failure injection. <see cref="BrokerFixture"/> is the simple one-per-class case.
/// </summary>
public sealed class RunningBroker : IAsyncDisposable
{
    private RunningBroker(TestPki pki, WebApplication app, LogCapture logs)
    {
        Pki = pki;
        App = app;
        Logs = logs;
        Address = new Uri(app.Urls.Single());
    }

    public TestPki Pki { get; }

    public WebApplication App { get; }

    public LogCapture Logs { get; }

    public Uri Address { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>This instance's broker id (its audit chain's name).</summary>
    public string BrokerId => Services.GetRequiredService<IOptions<BrokerOptions>>().Value.BrokerId;

    /// <param name="pki">The hub CA, the federation and the broker's keys.</param>
    /// <param name="settings">Settings on top of <see cref="TestPki.BrokerSettings"/> (a null value removes one).</param>
    /// <param name="redisConnectionString">An external store; null runs embedded Garnet in <see cref="TestPki.StoreDirectory"/>.</param>
    /// <param name="services">Service replacements, applied after the broker's registrations.</param>
    public static async Task<RunningBroker> StartAsync(TestPki pki, IDictionary<string, string?>? settings = null, string? redisConnectionString = null,
        Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var all = pki.BrokerSettings(redisConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                all.Remove(key);
            }
            else
            {
                all[key] = value;
            }
        }

        var logs = new LogCapture();
        var app = TestBroker.Build(all, logs, services);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new RunningBroker(pki, app, logs);
    }

    /// <summary>A member's mTLS client of this broker.</summary>
    public FederationClient Client(string memberId) => new(Pki, Address, memberId);

    public GrpcChannel CreateChannel(X509Certificate2? clientCertificate) => BrokerChannels.CreateWithTokens(Address, Pki, clientCertificate);

    /// <summary>Reads this broker's store (mailboxes, audit) directly, for assertions.</summary>
    public BrokerStateProbe State => new(Services, BrokerId);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
