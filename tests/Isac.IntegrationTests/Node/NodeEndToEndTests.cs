using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Isac.V1;
using static Isac.IntegrationTests.Hosting.TestFederation;

namespace Isac.IntegrationTests.Node;

/// <summary>
/// Publish through the CERT's node and receive through the other members' nodes, over real gRPC, mTLS, the real
/// broker and a real redis-server: routing, decryption into the inbox, the STIX marking floor and forwarding.
/// </summary>
public sealed class NodeEndToEndTests(NodeFederationFixture federation) : IClassFixture<NodeFederationFixture>
{
    [Fact]
    public async Task Publish_AmberIndicatorThroughCertNode_ReachesTheClearedOfficesOnly()
    {
        var stix = StixSamples.Indicator(Core.Labels.TlpMarkings.Amber);
        var amber = await federation[Cert].Client.PublishAsync(new NodePublishRequest
        {
            Kind = BundleKind.Indicator,
            ContentType = "application/stix+json;version=2.1",
            Payload = ByteString.CopyFromUtf8(stix),
            Tlp = TlpLabel.Amber,
            Communities = { "election-sector" },
        });
        Assert.Equal("published", amber.Status);
        Assert.Equal(2u, amber.RecipientCount);

        var green = await federation[Cert].Client.PublishAsync(Bulletin(TlpLabel.Green, "election-sector", "patch your poll books"));
        Assert.Equal(3u, green.RecipientCount);

        foreach (var office in new[] { OfficeOhio, OfficeTexas })
        {
            var inbox = await NodeInbox.WaitForAsync(federation[office], [amber.BundleId, green.BundleId]);
            var item = Assert.Single(inbox, i => i.BundleId == amber.BundleId);
            Assert.Equal(Cert, item.SenderMemberId);
            Assert.Equal(TlpLabel.Amber, item.Tlp);
            Assert.Equal(BundleKind.Indicator, item.Kind);
            Assert.Equal(stix, item.Payload.ToStringUtf8());
        }

        // The vendor (cleared for GREEN) gets the bulletin, published after the indicator, and never the indicator.
        var vendorInbox = await NodeInbox.WaitForAsync(federation[Vendor], [green.BundleId]);
        Assert.DoesNotContain(vendorInbox, i => i.BundleId == amber.BundleId);
        Assert.DoesNotContain(await NodeInbox.AllAsync(federation[Cert]), i => i.BundleId == amber.BundleId);
    }

    [Fact]
    public async Task Publish_StixObjectMoreRestrictiveThanTheLabel_IsRefusedNamingTheObject()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await federation[Cert].Client.PublishAsync(new NodePublishRequest
        {
            Kind = BundleKind.Indicator,
            ContentType = "application/stix+json;version=2.1",
            Payload = ByteString.CopyFromUtf8(StixSamples.Indicator(Core.Labels.TlpMarkings.Red)),
            Tlp = TlpLabel.Green,
            Communities = { "election-sector" },
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(StixSamples.IndicatorId, error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("TLP:RED", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forward_RedNote_IsRefusedNamingTheTlpRule()
    {
        var red = await federation[Cert].Client.PublishAsync(new NodePublishRequest
        {
            Kind = BundleKind.Advisory,
            ContentType = "text/markdown",
            Payload = NodeInbox.Markdown("for texas only"),
            Tlp = TlpLabel.Red,
            Members = { OfficeTexas },
        });
        await NodeInbox.WaitForAsync(federation[OfficeTexas], [red.BundleId]);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await federation[OfficeTexas].Client.ForwardAsync(new NodeForwardRequest
        {
            BundleId = red.BundleId,
            Members = { OfficeOhio },
        }));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("TLP:RED is never re-shared", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forward_GreenInsideTheOriginalCommunity_ArrivesWithTheOriginalSender()
    {
        var green = await federation[Cert].Client.PublishAsync(Bulletin(TlpLabel.Green, "election-sector", "sector advisory"));
        await NodeInbox.WaitForAsync(federation[OfficeOhio], [green.BundleId]);

        // GREEN may go to a member inside the original audience's communities ...
        var forward = await federation[OfficeOhio].Client.ForwardAsync(new NodeForwardRequest { BundleId = green.BundleId, Members = { OfficeTexas } });
        Assert.Equal("published", forward.Status);
        Assert.Equal(1u, forward.RecipientCount);
        var item = Assert.Single(await NodeInbox.WaitForAsync(federation[OfficeTexas], [forward.BundleId]), i => i.BundleId == forward.BundleId);
        Assert.Equal(OfficeOhio, item.SenderMemberId);
        Assert.Equal(Cert, item.ForwardedFromSender);
        Assert.Equal("sector advisory", item.Payload.ToStringUtf8());

        // ... and not outside them.
        var error = await Assert.ThrowsAsync<RpcException>(async () => await federation[OfficeOhio].Client.ForwardAsync(new NodeForwardRequest { BundleId = green.BundleId, Communities = { "vendors" } }));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("TLP:GREEN re-shares only inside the original audience's communities", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_ClearBroadcastFromTheCert_ReachesEveryOtherMemberAsAnExercise()
    {
        var clear = await federation[Cert].Client.PublishAsync(new NodePublishRequest
        {
            Kind = BundleKind.Bulletin,
            ContentType = "text/markdown",
            Payload = NodeInbox.Markdown("tabletop: polling place closures"),
            Tlp = TlpLabel.Clear,
            ExerciseId = "ttx-2026-03",
        });
        Assert.Equal("published", clear.Status);

        foreach (var member in new[] { OfficeOhio, OfficeTexas, Vendor })
        {
            var item = Assert.Single(await NodeInbox.WaitForAsync(federation[member], [clear.BundleId]), i => i.BundleId == clear.BundleId);
            Assert.Equal(TlpLabel.Clear, item.Tlp);
            Assert.Equal("ttx-2026-03", item.ExerciseId);
        }
    }

    [Fact]
    public async Task Publish_VendorAmberToTheSector_IsRefusedWithPermissionDenied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await federation[Vendor].Client.PublishAsync(Bulletin(TlpLabel.Amber, "election-sector", "not allowed")));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task WatchInbox_StreamsANewDelivery()
    {
        var start = (await NodeInbox.AllAsync(federation[OfficeTexas])).Select(i => i.LocalPosition).DefaultIfEmpty(0ul).Max();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = federation[OfficeTexas].Client.WatchInbox(new WatchInboxRequest { AfterPosition = start }, cancellationToken: cancel.Token);
        var sent = await federation[Cert].Client.PublishAsync(Bulletin(TlpLabel.Green, "state:texas", "texas watch"));

        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(sent.BundleId, watch.ResponseStream.Current.BundleId);
        Assert.True(watch.ResponseStream.Current.LocalPosition > start);
    }

    [Fact]
    public async Task Start_WithAWrongKeyPassphrase_FailsNamingTheSetting()
    {
        var node = await TestNode.CreateAsync(federation.Pki, Vendor, federation.BrokerAddress, Path.Combine(federation.Pki.Directory.FullName, "wrong-passphrase"));
        node.Settings["Isac:Node:KeyPassphrase"] = "not the passphrase";
        await using var app = node.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
        Assert.Contains("Isac:Node:KeyPassphrase", error.Message, StringComparison.Ordinal);
        Assert.Contains("wrong passphrase", error.Message, StringComparison.Ordinal);
    }

    private static NodePublishRequest Bulletin(TlpLabel label, string community, string text) => new()
    {
        Kind = BundleKind.Bulletin,
        ContentType = "text/markdown",
        Payload = ByteString.CopyFrom(Encoding.UTF8.GetBytes(text)),
        Tlp = label,
        Communities = { community },
    };
}
