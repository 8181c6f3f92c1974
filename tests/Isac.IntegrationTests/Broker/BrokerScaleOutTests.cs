using Google.Protobuf;
using Isac.Core.Labels;
using Isac.IntegrationTests.Hosting;
using Isac.IntegrationTests.Infrastructure;
using Isac.IntegrationTests.Publishing;
using Isac.V1;
using static Isac.IntegrationTests.Hosting.TestFederation;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Broker;

/// <summary>
/// Two broker instances (different broker ids) on one redis-server, as stateless replicas behind a layer-4 load
/// balancer: a member subscribed to broker B receives what is published through broker A, in order, exactly once.
/// </summary>
public sealed class BrokerScaleOutTests(TestPkiFixture pki, RedisServerFixture redis) : IClassFixture<TestPkiFixture>, IClassFixture<RedisServerFixture>
{
    private const int M = 15;

    [Fact]
    public async Task PublishThroughA_SubscriberOnB_ReceivesEveryBundleInOrderExactlyOnce()
    {
        await using var a = await RunningBroker.StartAsync(pki.Pki, new Dictionary<string, string?> { ["Isac:Broker:BrokerId"] = "broker-a" }, redis.ConnectionString);
        await using var b = await RunningBroker.StartAsync(pki.Pki, new Dictionary<string, string?> { ["Isac:Broker:BrokerId"] = "broker-b" }, redis.ConnectionString);
        using var publisher = a.Client(Cert);
        using var subscriber = b.Client(OfficeOhio);
        var federation = pki.Pki.Federation;
        var directory = await publisher.DirectoryAsync(federation);
        // Both replicas serve the same snapshot from the shared store.
        Assert.Equal(directory.Version, (await subscriber.DirectoryAsync(federation)).Version);

        using var stream = new MailboxStream(subscriber, 0);
        var sent = new List<ByteString>();
        async Task PublishAsync(int i)
        {
            // GREEN to state:ohio reaches office-ohio only.
            var sealedBundle = federation.Seal(Cert, directory, Tlp.Green, Audience.OfCommunities("state:ohio"), $"ohio {i}");
            var receipt = Receipt.Parser.ParseFrom((await publisher.PublishAsync(sealedBundle)).Receipt);
            Assert.Equal("broker-a", receipt.AuditPosition.BrokerId);
            sent.Add(Forgery.BundleIdOf(sealedBundle));
        }

        // The first one proves the stream on B is live; the rest arrive through B's wake-ups from A's writes.
        await PublishAsync(0);
        var received = await stream.ReadAsync(1);
        for (var i = 1; i < M; i++)
        {
            await PublishAsync(i);
        }

        received.AddRange(await stream.ReadAsync(M - 1));

        Assert.Equal(sent, received.Select(r => RoutingHeader.Parser.ParseFrom(r.Delivery.Header).BundleId));
        Assert.Equal(Enumerable.Range(1, M).Select(i => (ulong)i), received.Select(r => r.Delivery.Sequence));
        Assert.True(await stream.IsQuietAsync(TimeSpan.FromMilliseconds(500)));
        foreach (var broker in new[] { a, b })
        {
            var verification = await broker.State.VerifyAuditAsync(federation.BrokerKey.PublicKey);
            Assert.True(verification.IsValid, verification.Reason);
        }

        Assert.Equal((ulong)M, (await a.State.VerifyAuditAsync(federation.BrokerKey.PublicKey)).RecordCount);
        Assert.Equal(0ul, (await b.State.VerifyAuditAsync(federation.BrokerKey.PublicKey)).RecordCount);
    }
}
