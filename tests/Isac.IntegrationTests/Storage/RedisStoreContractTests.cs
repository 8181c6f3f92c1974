using Isac.IntegrationTests.Infrastructure;
using Isac.Storage;

namespace Isac.IntegrationTests.Storage;

/// <summary>The storage contract on a real redis-server configured as production (appendfsync always, noeviction).</summary>
public sealed class RedisStoreContractTests(RedisServerFixture redis) : StoreContractTests, IClassFixture<RedisServerFixture>
{
    protected override StoreEngine ExpectedEngine => StoreEngine.Redis;

    protected override StoreOptions CreateOptions() => new() { ConnectionString = redis.ConnectionString };
}
