using Grpc.Core;
using Isac.Core.Labels;
using Isac.IntegrationTests.Hosting;
using Isac.V1;
using static Isac.IntegrationTests.Hosting.TestFederation;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Publishing;

/// <summary>
/// DESIGN.md section 2, end to end over real gRPC and mTLS on embedded Garnet, with the four members of the
/// issue: each row reaches exactly the right mailboxes and nobody else; the vendor never gets above GREEN.
/// </summary>
public sealed class RoutingMatrixTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private static readonly string[] Everyone = [Cert, OfficeOhio, OfficeTexas, Vendor];

    public static TheoryData<string, Tlp, string[], string[], string[]> AllowedRows() => new()
    {
        // sender, label, communities, named members, expected recipients
        { Cert, Tlp.Clear, [], [], [OfficeOhio, OfficeTexas, Vendor] },
        { Cert, Tlp.Green, ["election-sector"], [], [OfficeOhio, OfficeTexas, Vendor] },
        { Cert, Tlp.Amber, ["election-sector"], [], [OfficeOhio, OfficeTexas] },
        { Cert, Tlp.AmberStrict, ["election-sector"], [], [OfficeTexas] },
        { Cert, Tlp.Red, [], [OfficeTexas], [OfficeTexas] },
        { Cert, Tlp.Green, ["state:ohio"], [], [OfficeOhio] },
        { OfficeOhio, Tlp.Amber, ["state:ohio"], [], [] },
        { OfficeOhio, Tlp.Green, ["election-sector"], [], [Cert, OfficeTexas, Vendor] },
        { OfficeTexas, Tlp.Red, [], [Cert], [Cert] },
        { Vendor, Tlp.Green, ["vendors"], [], [] },
        { Vendor, Tlp.Red, [], [Cert], [Cert] },
    };

    [Theory]
    [MemberData(nameof(AllowedRows))]
    public async Task Publish_ReachesExactlyTheClearedAudience(string sender, Tlp label, string[] communities, string[] members, string[] expected)
    {
        var audience = new Audience(communities, members);
        using var publisher = new FederationClient(broker, sender);
        var directory = await publisher.DirectoryAsync(broker.Pki.Federation);
        var resolution = new Core.Policy.SharingPolicy().ResolveRecipients(broker.Pki.Federation.Members[sender].Member, label, audience, directory.ActiveMembers);
        if (expected.Length == 0)
        {
            // An audience that reaches nobody is refused, not silently accepted.
            Assert.False(resolution.IsAllowed);
            return;
        }

        var sealedBundle = broker.Pki.Federation.Seal(sender, directory, label, audience, $"{label} from {sender}");
        var receipt = ReceiptOf(await publisher.PublishAsync(sealedBundle));
        Assert.Equal((uint)expected.Length, receipt.RecipientCount);
        var bundleId = RoutingHeader.Parser.ParseFrom(sealedBundle.Header).BundleId;

        foreach (var member in Everyone)
        {
            using var client = new FederationClient(broker, member);
            var deliveries = await client.DeliveriesOfAsync(bundleId);
            if (!expected.Contains(member))
            {
                Assert.Empty(deliveries);
                continue;
            }

            var delivery = Assert.Single(deliveries);
            var opened = broker.Pki.Federation.Members[member].Opener().Open(delivery, directory);
            Assert.Equal($"{label} from {sender}", opened.Bundle.Payload.ToStringUtf8());
            if (label != Tlp.Clear)
            {
                // Only the member's own entry travels; nobody learns who else received it.
                Assert.Equal(member, RecipientEntry.Parser.ParseFrom(delivery.Entry).MemberId);
                foreach (var other in expected.Where(e => e != member && !members.Contains(e)))
                {
                    Assert.DoesNotContain(other, delivery.ToString(), StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task Vendor_NeverReceivesAnythingAboveGreen()
    {
        using var cert = new FederationClient(broker, Cert);
        var directory = await cert.DirectoryAsync(broker.Pki.Federation);
        foreach (var label in new[] { Tlp.Amber, Tlp.AmberStrict })
        {
            await cert.PublishAsync(broker.Pki.Federation.Seal(Cert, directory, label, Audience.OfCommunities("election-sector", "vendors")));
        }

        using var vendor = new FederationClient(broker, Vendor);
        foreach (var item in await vendor.ReadMailboxAsync())
        {
            Assert.NotNull(item.Delivery);
            Assert.True(RoutingHeader.Parser.ParseFrom(item.Delivery.Header).Tlp <= TlpLabel.Green);
        }
    }

    [Fact]
    public async Task Publish_RedToAnUnclearedNamedMember_IsPermissionDenied()
    {
        using var cert = new FederationClient(broker, Cert);
        var directory = await cert.DirectoryAsync(broker.Pki.Federation);
        var ohio = broker.Pki.Federation.Members[OfficeOhio].Member;
        var sealedBundle = broker.Pki.Federation.SealTo(Cert, directory.Version, Tlp.Red, Audience.OfMembers(OfficeOhio), [ohio]);

        var error = await Assert.ThrowsAsync<RpcException>(() => cert.PublishAsync(sealedBundle));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.StartsWith("recipient-not-cleared:", error.Status.Detail, StringComparison.Ordinal);
    }

    private static Receipt ReceiptOf(SignedReceipt signed) => Receipt.Parser.ParseFrom(signed.Receipt);
}
