using Isac.IntegrationTests.Infrastructure;
using Isac.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Isac.IntegrationTests.Storage;

/// <summary>The store refuses to start on a server or with options that would lose or let through data.</summary>
public sealed class StoreStartupTests
{
    [Fact]
    public async Task Connect_RedisWithAnEvictingPolicy_IsRefusedNamingTheFix()
    {
        await using var redis = await RedisServer.StartAsync(["maxmemory-policy", "allkeys-lru"]);

        var refused = await Assert.ThrowsAsync<StoreStartupException>(() => BrokerStore.ConnectAsync(new StoreOptions { ConnectionString = redis.ConnectionString }));

        Assert.Contains("maxmemory-policy 'allkeys-lru'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("maxmemory-policy noeviction", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_RedisWithoutLua_IsRefusedNamingTheFix()
    {
        await using var redis = await RedisServer.StartAsync(["rename-command", "EVAL", ""], ["rename-command", "EVALSHA", ""]);

        var refused = await Assert.ThrowsAsync<StoreStartupException>(() => BrokerStore.ConnectAsync(new StoreOptions { ConnectionString = redis.ConnectionString }));

        Assert.Contains("cannot run Lua scripts", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_RedisThatFsyncsOnlyEverySecond_IsRefusedUnlessReplicasAreAwaited()
    {
        await using var redis = await RedisServer.StartAsync(["appendfsync", "everysec"]);

        var refused = await Assert.ThrowsAsync<StoreStartupException>(() => BrokerStore.ConnectAsync(new StoreOptions { ConnectionString = redis.ConnectionString }));

        Assert.Contains("appendfsync 'everysec'", refused.Message, StringComparison.Ordinal);
        await using var withReplicas = await BrokerStore.ConnectAsync(new StoreOptions { ConnectionString = redis.ConnectionString, RedisReplicas = 1, ReplicaWaitTimeout = TimeSpan.FromMilliseconds(100) });
        // No replica is attached, so WAIT answers 0 and no write may count as durable.
        var notDurable = await Assert.ThrowsAsync<StoreDurabilityException>(() => withReplicas.WaitDurableAsync());
        Assert.Contains("0 of 1", notDurable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ProductionConfiguredRedis_IsAccepted()
    {
        await using var redis = await RedisServer.StartAsync();

        await using var store = await BrokerStore.ConnectAsync(new StoreOptions { ConnectionString = redis.ConnectionString });

        Assert.Equal(StoreEngine.Redis, store.Engine);
        await store.WaitDurableAsync();
    }

    [Theory]
    [InlineData(null, "30.00:00:00", "31.00:00:00", "Isac:Store:DataDirectory")]
    [InlineData("/tmp/x", "30.00:00:00", "29.00:00:00", "Isac:Store:BundleRetention")]
    [InlineData("/tmp/x", "00:00:00", "31.00:00:00", "Isac:Store:MailboxRetention")]
    public async Task Host_WithInvalidStoreOptions_StopsAtStartNamingTheSetting(string? dataDirectory, string mailboxRetention, string bundleRetention, string setting)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Isac:Store:DataDirectory"] = dataDirectory,
            ["Isac:Store:MailboxRetention"] = mailboxRetention,
            ["Isac:Store:BundleRetention"] = bundleRetention,
        });
        builder.Services.AddIsacStorage(builder.Configuration);
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithEmbeddedStore_StartsGarnetAndServesEveryInterface()
    {
        using var data = new TempDirectory();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Isac:Store:DataDirectory"] = data.Path });
        builder.Services.AddIsacStorage(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            var store = host.Services.GetRequiredService<BrokerStore>();
            Assert.Equal(StoreEngine.Garnet, store.Engine);
            Assert.NotNull(store.EmbeddedServer);
            Assert.Same(store, host.Services.GetRequiredService<IMailboxStore>());
            Assert.Same(store, host.Services.GetRequiredService<IReplayCache>());
            Assert.Same(store, host.Services.GetRequiredService<IAuditLog>());
            Assert.Same(store, host.Services.GetRequiredService<IDurabilityBarrier>());
            Assert.True((await host.Services.GetRequiredService<IDirectoryStore>().TryPutDirectoryAsync(1, new byte[] { 1, 2, 3 })).Stored);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
