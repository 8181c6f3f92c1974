using Isac.IntegrationTests.Hosting;

namespace Isac.IntegrationTests.Publishing;

/// <summary>
/// One broker on embedded Garnet for the bad-input matrix, with a one-second directory-version grace so that a
/// header sealed against a superseded snapshot can be made stale without waiting ten minutes.
/// </summary>
public sealed class RefusalBrokerFixture : IAsyncLifetime
{
    public static readonly TimeSpan VersionGrace = TimeSpan.FromSeconds(1);

    private TestPki? _pki;
    private RunningBroker? _broker;

    public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

    public RunningBroker Broker => _broker ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        _pki = await TestPki.CreateAsync();
        _broker = await RunningBroker.StartAsync(_pki, new Dictionary<string, string?>
        {
            ["Isac:Directory:VersionGrace"] = VersionGrace.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _pki?.Dispose();
    }
}
