using Isac.V1;
using static Isac.IntegrationTests.Hosting.TestFederation;

namespace Isac.IntegrationTests.Node;

/// <summary>A subscriber node that was down catches up from its stored cursor: everything arrives, once.</summary>
public sealed class NodeRestartTests(NodeFederationFixture federation) : IClassFixture<NodeFederationFixture>
{
    [Fact]
    public async Task SubscriberStopped_HundredPublished_AllArriveOnceAfterRestart()
    {
        var ohio = federation[OfficeOhio];
        await ohio.StopAsync();

        var ids = new List<Google.Protobuf.ByteString>();
        for (var i = 0; i < 100; i++)
        {
            var response = await federation[Cert].Client.PublishAsync(new NodePublishRequest
            {
                Kind = BundleKind.Sitrep,
                ContentType = "text/markdown",
                Payload = NodeInbox.Markdown($"sitrep {i}"),
                Tlp = TlpLabel.Green,
                Communities = { "state:ohio" },
            });
            Assert.Equal("published", response.Status);
            ids.Add(response.BundleId);
        }

        await ohio.StartAsync();
        var inbox = await NodeInbox.WaitForAsync(ohio, ids);

        var received = inbox.Where(i => ids.Contains(i.BundleId)).ToList();
        Assert.Equal(100, received.Count);
        Assert.Equal(100, received.Select(i => i.BundleId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"sitrep {i}").Order(), received.Select(i => i.Payload.ToStringUtf8()).Order());
        Assert.Empty((await ohio.Client.ListQuarantineAsync(new ListQuarantineRequest())).Items);
    }
}
