using Isac.Storage;

namespace Isac.LoadGen;

/// <summary>
/// The store of a run: Garnet embedded in the broker (no connection string), Garnet hosted by this process (the
/// bulletin check reads the mailboxes), a redis-server child started here, or an external Redis.
/// </summary>
internal sealed class StoreForRun : IAsyncDisposable
{
    private EmbeddedGarnetServer? _garnet;

    private StoreForRun(string engine, string? connectionString, ChildProcess? process)
    {
        Engine = engine;
        ConnectionString = connectionString;
        Process = process;
    }

    public string Engine { get; }

    /// <summary>What the broker is given; null: the broker embeds Garnet itself.</summary>
    public string? ConnectionString { get; }

    /// <summary>The redis-server child, whose CPU is measured; null for Garnet or an external Redis.</summary>
    public ChildProcess? Process { get; }

    public static async Task<StoreForRun> StartAsync(LoadGenOptions options, string directory, bool hostGarnet)
    {
        if (!options.RedisStore)
        {
            if (!hostGarnet)
            {
                return new StoreForRun("garnet", null, null);
            }

            var garnet = EmbeddedGarnetServer.Start(Path.Combine(directory, "garnet-hosted"));
            return new StoreForRun("garnet", garnet.ConnectionString, null) { _garnet = garnet };
        }

        if (options.RedisConnectionString is { } external)
        {
            return new StoreForRun("redis", external, null);
        }

        var (process, connectionString) = await RedisProcess.StartAsync(Path.Combine(directory, "redis"));
        return new StoreForRun("redis", connectionString, process);
    }

    public ValueTask DisposeAsync()
    {
        Process?.Dispose();
        _garnet?.Dispose();
        return ValueTask.CompletedTask;
    }
}
