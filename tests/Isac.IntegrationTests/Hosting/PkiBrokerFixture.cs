namespace Isac.IntegrationTests.Hosting;

/// <summary>
/// A fresh <see cref="TestPki"/> and one <see cref="RunningBroker"/> on it (embedded Garnet), shared by a test class.
/// Subclasses change the federation before the broker starts or add broker settings.
/// </summary>
public abstract class PkiBrokerFixture : IAsyncLifetime
{
    private TestPki? _pki;
    private RunningBroker? _broker;

    public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

    public RunningBroker Broker => _broker ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        _pki = await TestPki.CreateAsync();
        await PrepareAsync(_pki);
        _broker = await RunningBroker.StartAsync(_pki, Settings());
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_pki is not null)
        {
            await _pki.DisposeAsync();
        }
    }

    /// <summary>Runs before the broker starts (for example to add members to the roster).</summary>
    protected virtual Task PrepareAsync(TestPki pki) => Task.CompletedTask;

    /// <summary>Broker settings on top of the PKI's.</summary>
    protected virtual Dictionary<string, string?> Settings() => [];
}
