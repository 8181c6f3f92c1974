using Isac.V1;
using Xunit.Abstractions;
using static Isac.IntegrationTests.Hosting.TestFederation;

namespace Isac.IntegrationTests.Node;

/// <summary>Bundles accepted while the broker is down wait in the outbox and are delivered exactly once after it returns.</summary>
public sealed class BrokerOutageTests(NodeFederationFixture federation, ITestOutputHelper output) : IClassFixture<NodeFederationFixture>
{
    [Fact]
    public async Task BrokerStopped_TenQueued_AllDeliveredExactlyOnceToEachRecipientAfterRestart()
    {
        await federation.StopBrokerAsync();
        var ids = new List<Google.Protobuf.ByteString>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            var response = await federation[Cert].Client.PublishAsync(new NodePublishRequest
            {
                Kind = BundleKind.Advisory,
                ContentType = "text/markdown",
                Payload = NodeInbox.Markdown($"outage advisory {i}"),
                Tlp = TlpLabel.Amber,
                Communities = { "election-sector" },
            });
            Assert.Equal("queued", response.Status);
            ids.Add(response.BundleId);
        }

        var queued = clock.Elapsed;
        await federation.StartBrokerAsync();
        clock.Restart();

        foreach (var office in new[] { OfficeOhio, OfficeTexas })
        {
            var inbox = await NodeInbox.WaitForAsync(federation[office], ids);
            var received = inbox.Where(i => ids.Contains(i.BundleId)).ToList();
            Assert.Equal(10, received.Count);
            Assert.Equal(10, received.Select(i => i.Payload.ToStringUtf8()).Distinct().Count());
        }

        // Figures for the record, not assertions: this machine is shared and noisy.
        output.WriteLine($"10 publishes answered 'queued' in {queued.TotalMilliseconds:0} ms; delivered to both offices {clock.Elapsed.TotalMilliseconds:0} ms after the broker was back");
        Assert.DoesNotContain(await NodeInbox.AllAsync(federation[Vendor]), i => ids.Contains(i.BundleId));
    }

    [Fact]
    public async Task PublisherRestartedDuringTheOutage_QueuedBundlesGoOutAfterwards()
    {
        await federation.StopBrokerAsync();
        var response = await federation[Cert].Client.PublishAsync(new NodePublishRequest
        {
            Kind = BundleKind.Incident,
            ContentType = "text/markdown",
            Payload = NodeInbox.Markdown("queued across a node restart"),
            Tlp = TlpLabel.Red,
            Members = { OfficeTexas },
        });
        Assert.Equal("queued", response.Status);

        // The outbox is on disk: the node goes down with the item pending and comes back before the broker does.
        await federation[Cert].StopAsync();
        await federation[Cert].StartAsync();
        await federation.StartBrokerAsync();

        var item = Assert.Single(await NodeInbox.WaitForAsync(federation[OfficeTexas], [response.BundleId]), i => i.BundleId == response.BundleId);
        Assert.Equal("queued across a node restart", item.Payload.ToStringUtf8());
    }
}
