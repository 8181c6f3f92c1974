using System.Security.Cryptography;
using Isac.IntegrationTests.Infrastructure;
using Isac.Storage;
using StackExchange.Redis;

namespace Isac.IntegrationTests.Storage;

/// <summary>The fault-injection seam the broker tests use: it must fail exactly where told and write nothing when it fails.</summary>
public sealed class FaultyMailboxStoreTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    [Fact]
    public async Task Append_AfterKWrites_FailsWithoutWritingUntilHealed()
    {
        await using var store = await BrokerStore.ConnectAsync(new StoreOptions { ConnectionString = garnet.ConnectionString });
        var faulty = new FaultyMailboxStore(store, succeedingAppends: 2);
        var members = new[] { "fault-a", "fault-b", "fault-c" };

        await faulty.AppendAsync(members[0], RandomNumberGenerator.GetBytes(16), new byte[] { 1 }, new byte[] { 2 }, DateTimeOffset.UtcNow);
        await faulty.AppendAsync(members[1], RandomNumberGenerator.GetBytes(16), new byte[] { 1 }, new byte[] { 2 }, DateTimeOffset.UtcNow);
        var third = RandomNumberGenerator.GetBytes(16);
        await Assert.ThrowsAsync<RedisConnectionException>(() => faulty.AppendAsync(members[2], third, new byte[] { 1 }, new byte[] { 2 }, DateTimeOffset.UtcNow));

        Assert.Equal(2, faulty.SucceededAppends);
        Assert.Empty(await store.ReadAsync(members[2], 0, 10));
        faulty.Healed = true;
        Assert.Equal(new MailboxAppendResult(1, true), await faulty.AppendAsync(members[2], third, new byte[] { 1 }, new byte[] { 2 }, DateTimeOffset.UtcNow));
    }
}
