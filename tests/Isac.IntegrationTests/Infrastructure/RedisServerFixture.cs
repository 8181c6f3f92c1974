namespace Isac.IntegrationTests.Infrastructure;

/// <summary>
/// One production-configured <see cref="RedisServer"/> per test class. Fails (never skips) when redis-server is
/// not installed, with the install command in the message.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The Redis fixture is not started.");

    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
