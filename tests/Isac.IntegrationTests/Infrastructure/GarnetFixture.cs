using Isac.Storage;

namespace Isac.IntegrationTests.Infrastructure;

/// <summary>One embedded Garnet server (as the broker runs it) per test class, with its data in a temporary directory deleted on dispose.</summary>
public sealed class GarnetFixture : IAsyncLifetime
{
    private EmbeddedGarnetServer? _server;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("isac-garnet-").FullName;

    public EmbeddedGarnetServer Server => _server ?? throw new InvalidOperationException("The Garnet fixture is not started.");

    public string ConnectionString => Server.ConnectionString;

    public Task InitializeAsync()
    {
        _server = EmbeddedGarnetServer.Start(DataDirectory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        RedisServer.TryDelete(DataDirectory);
        return Task.CompletedTask;
    }
}
