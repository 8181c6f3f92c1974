using Isac.V1;
using Xunit.Abstractions;
using static Isac.IntegrationTests.Hosting.TestFederation;

namespace Isac.IntegrationTests.Node;

/// <summary>A subscriber node that was down catches up from its stored cursor: everything arrives, once.</summary>
public sealed class NodeRestartTests(NodeFederationFixture federation, ITestOutputHelper output) : IClassFixture<NodeFederationFixture>
{
    [Fact]
    public async Task SubscriberStopped_HundredPublished_AllArriveOnceAfterRestart()
    {
        var ohio = federation[OfficeOhio];
        await ohio.StopAsync();

        var ids = new List<Google.Protobuf.ByteString>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
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

        var published = clock.Elapsed;
        clock.Restart();
        await ohio.StartAsync();
        var inbox = await NodeInbox.WaitForAsync(ohio, ids);
        // Figures for the record, not assertions: this machine is shared and noisy.
        output.WriteLine($"published 100 through the CERT node in {published.TotalMilliseconds:0} ms; restart + catch-up in {clock.Elapsed.TotalMilliseconds:0} ms");

        var received = inbox.Where(i => ids.Contains(i.BundleId)).ToList();
        Assert.Equal(100, received.Count);
        Assert.Equal(100, received.Select(i => i.BundleId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"sitrep {i}").Order(), received.Select(i => i.Payload.ToStringUtf8()).Order());
        Assert.Empty((await ohio.Client.ListQuarantineAsync(new ListQuarantineRequest())).Items);
    }
}
