using StackExchange.Redis;

namespace Isac.Storage.Internal;

/// <summary>
/// What the broker checks before it uses a store, refusing to start otherwise: which engine it is, that Lua works,
/// that nothing is evicted (replay keys have TTLs; an LRU policy would evict them first and let replays through),
/// and, on a single Redis, that every write is fsynced before it is answered.
/// </summary>
internal static class StoreStartupChecks
{
    public static async Task<StoreEngine> RunAsync(IDatabase database, StoreOptions options)
    {
        var engine = await DetectEngineAsync(database).ConfigureAwait(false);
        await CheckLuaAsync(database).ConfigureAwait(false);
        await CheckEvictionAsync(database, engine).ConfigureAwait(false);
        await CheckPersistenceAsync(database, engine, options).ConfigureAwait(false);
        return engine;
    }

    private static async Task<StoreEngine> DetectEngineAsync(IDatabase database)
    {
        var info = (string?)await database.ExecuteAsync("INFO", "server").ConfigureAwait(false) ?? string.Empty;
        return info.Contains("garnet_version:", StringComparison.Ordinal) ? StoreEngine.Garnet : StoreEngine.Redis;
    }

    private static async Task CheckLuaAsync(IDatabase database)
    {
        RedisResult result;
        try
        {
            result = await database.ScriptEvaluateAsync("return 41 + 1").ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            throw new StoreStartupException(
                $"The store cannot run Lua scripts (EVAL failed: {ex.Message}). The broker needs them for atomic mailbox, replay and audit updates. " +
                "Fix: start Garnet with --lua (the embedded server does), or allow EVAL/EVALSHA on the Redis server and for the broker's user.", ex);
        }

        if (result.Resp2Type != ResultType.Integer || (long)result != 42)
        {
            throw new StoreStartupException($"The store ran a trivial Lua script but answered '{result}' instead of 42: its Lua support is broken. Fix: use Redis 7 or Garnet with --lua.");
        }
    }

    private static async Task CheckEvictionAsync(IDatabase database, StoreEngine engine)
    {
        var policy = await ConfigGetAsync(database, "maxmemory-policy").ConfigureAwait(false);
        if (policy is null && engine == StoreEngine.Garnet)
        {
            // Garnet has no eviction policy (and answers nothing): nothing is evicted.
            return;
        }

        if (!string.Equals(policy, "noeviction", StringComparison.Ordinal))
        {
            throw new StoreStartupException(
                $"The Redis server runs with maxmemory-policy '{policy ?? "(unknown: CONFIG GET answered nothing)"}'. Any policy but noeviction may evict " +
                "replay-cache keys (they have TTLs, so volatile and LRU policies evict them first) and let replays through, or drop mailbox entries. " +
                "Fix: set 'maxmemory-policy noeviction' in redis.conf (or CONFIG SET maxmemory-policy noeviction) and size maxmemory for the retention.");
        }
    }

    private static async Task CheckPersistenceAsync(IDatabase database, StoreEngine engine, StoreOptions options)
    {
        var appendOnly = await ConfigGetAsync(database, "appendonly").ConfigureAwait(false);
        if (engine == StoreEngine.Garnet)
        {
            if (appendOnly is not null && !string.Equals(appendOnly, "yes", StringComparison.Ordinal))
            {
                throw new StoreStartupException(
                    "The Garnet server runs without its append-only file: receipted writes would be lost on a restart. Fix: start Garnet with --aof --recover (the embedded server does).");
            }

            return;
        }

        if (options.RedisReplicas > 0)
        {
            // Durability comes from WAIT on the replicas before each receipt.
            return;
        }

        var fsync = await ConfigGetAsync(database, "appendfsync").ConfigureAwait(false);
        if (!string.Equals(appendOnly, "yes", StringComparison.Ordinal) || !string.Equals(fsync, "always", StringComparison.Ordinal))
        {
            throw new StoreStartupException(
                $"The Redis server runs with appendonly '{appendOnly}' and appendfsync '{fsync}': a receipted write could be lost in a crash. " +
                $"Fix: set 'appendonly yes' and 'appendfsync always' (see deploy/redis/redis.conf), or replicate and set {StoreOptions.SectionName}:{nameof(StoreOptions.RedisReplicas)} so receipts WAIT for replicas.");
        }
    }

    /// <summary>The value of one CONFIG GET parameter, or null when the server answers nothing for it.</summary>
    private static async Task<string?> ConfigGetAsync(IDatabase database, string parameter)
    {
        RedisResult result;
        try
        {
            result = await database.ExecuteAsync("CONFIG", "GET", parameter).ConfigureAwait(false);
        }
        catch (RedisServerException ex)
        {
            throw new StoreStartupException(
                $"The store refused CONFIG GET {parameter} ({ex.Message}), so the broker cannot check that it is safe to use. Fix: allow CONFIG GET for the broker's user.", ex);
        }

        if (result.Resp2Type != ResultType.Array)
        {
            return null;
        }

        var values = (RedisResult[])result!;
        for (var i = 0; i + 1 < values.Length; i += 2)
        {
            if (string.Equals((string?)values[i], parameter, StringComparison.OrdinalIgnoreCase))
            {
                return (string?)values[i + 1];
            }
        }

        return null;
    }
}
