using Grpc.Core;
using Isac.IntegrationTests.Hosting;
using Isac.V1;
using static Isac.IntegrationTests.Hosting.TestFederation;

namespace Isac.IntegrationTests.Node;

/// <summary>
/// Issue 5, end to end (real broker, redis-server, nodes over mTLS gRPC): a bundle the broker accepted before its
/// sender was revoked still reaches a subscriber that was offline meanwhile, judged by the receipt's accepted-at;
/// after the revocation the broker refuses the sender. This class owns its federation: it revokes the CERT.
/// </summary>
public sealed class RevocationCutoffEndToEndTests(NodeFederationFixture federation) : IClassFixture<NodeFederationFixture>
{
    [Fact]
    public async Task BundleAcceptedBeforeTheSendersRevocation_DeliveredAfterIt_IsOpened()
    {
        var ohio = federation[OfficeOhio];
        await ohio.StopAsync();
        var before = await federation[Cert].Client.PublishAsync(Sitrep("accepted before the revocation"));
        Assert.Equal("published", before.Status);

        var governance = federation.Pki.Federation;
        governance.Revoke(Cert, "signing key stolen");
        await governance.WriteRosterAsync();
        await WaitForRevocationAsync(governance);

        // Published after the revocation: the broker refuses the sender.
        var after = await Assert.ThrowsAsync<RpcException>(async () => await federation[Cert].Client.PublishAsync(Sitrep("after the revocation")));
        Assert.Equal(StatusCode.PermissionDenied, after.StatusCode);

        // The subscriber comes back; at start it fetches the snapshot that lists the revocation (NodeStartup), and
        // opens the earlier bundle because the broker's signed accepted-at precedes the revocation.
        await ohio.StartAsync();
        var item = Assert.Single(await NodeInbox.WaitForAsync(ohio, [before.BundleId]), i => i.BundleId == before.BundleId);
        Assert.Equal(Cert, item.SenderMemberId);
        Assert.Equal("accepted before the revocation", item.Payload.ToStringUtf8());
        Assert.Empty((await ohio.Client.ListQuarantineAsync(new ListQuarantineRequest { Limit = 10 })).Items);
    }

    private async Task WaitForRevocationAsync(TestFederation governance)
    {
        using var texas = new FederationClient(federation.Pki, federation.BrokerAddress, OfficeTexas);
        // A liveness bound, not a timing assertion: the broker re-reads the roster every 200 ms.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await texas.DirectoryAsync(governance)).IsRevoked(Cert, []))
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    private static NodePublishRequest Sitrep(string text) => new()
    {
        Kind = BundleKind.Sitrep,
        ContentType = "text/markdown",
        Payload = NodeInbox.Markdown(text),
        Tlp = TlpLabel.Green,
        Communities = { "state:ohio" },
    };
}
