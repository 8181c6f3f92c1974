using Isac.V1;
using static Isac.IntegrationTests.Hosting.TestFederation;

namespace Isac.IntegrationTests.Node;

/// <summary>Bundles accepted while the broker is down wait in the outbox and are delivered exactly once after it returns.</summary>
public sealed class BrokerOutageTests(NodeFederationFixture federation) : IClassFixture<NodeFederationFixture>
{
    [Fact]
    public async Task BrokerStopped_TenQueued_AllDeliveredExactlyOnceToEachRecipientAfterRestart()
    {
        await federation.StopBrokerAsync();
        var ids = new List<Google.Protobuf.ByteString>();
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

        await federation.StartBrokerAsync();

        foreach (var office in new[] { OfficeOhio, OfficeTexas })
        {
            var inbox = await NodeInbox.WaitForAsync(federation[office], ids);
            var received = inbox.Where(i => ids.Contains(i.BundleId)).ToList();
            Assert.Equal(10, received.Count);
            Assert.Equal(10, received.Select(i => i.Payload.ToStringUtf8()).Distinct().Count());
        }

        Assert.DoesNotContain(await NodeInbox.AllAsync(federation[Vendor]), i => ids.Contains(i.BundleId));
    }
}
