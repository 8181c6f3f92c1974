using Google.Protobuf;
using Isac.Core.Labels;
using Isac.IntegrationTests.Hosting;
using Isac.IntegrationTests.Infrastructure;
using Isac.IntegrationTests.Publishing;
using Isac.V1;
using static Isac.IntegrationTests.Hosting.TestFederation;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Broker;

/// <summary>Receipted bundles survive a broker restart on the embedded Garnet store, and the audit chain still verifies.</summary>
public sealed class BrokerDurabilityTests(TestPkiFixture fixture) : IClassFixture<TestPkiFixture>
{
    private const int N = 20;

    [Fact]
    public async Task Restart_OnSameDataDirectory_EveryMailboxStillHoldsAllReceiptedBundlesAndAuditVerifies()
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["Isac:Store:DataDirectory"] = data.Path };
        var federation = fixture.Pki.Federation;
        var green = new List<ByteString>();
        var red = new List<ByteString>();
        var receipts = new List<Receipt>();
        string brokerId;
        await using (var first = await RunningBroker.StartAsync(fixture.Pki, settings))
        {
            brokerId = first.BrokerId;
            using var cert = first.Client(Cert);
            using var texas = first.Client(OfficeTexas);
            var directory = await cert.DirectoryAsync(federation);
            for (var i = 0; i < N; i++)
            {
                var toSector = federation.Seal(Cert, directory, Tlp.Green, Audience.OfCommunities("election-sector"), $"green {i}");
                receipts.Add(Receipt.Parser.ParseFrom((await cert.PublishAsync(toSector)).Receipt));
                green.Add(Forgery.BundleIdOf(toSector));
                var incident = federation.Seal(OfficeTexas, directory, Tlp.Red, Audience.OfMembers(Cert), $"incident {i}");
                receipts.Add(Receipt.Parser.ParseFrom((await texas.PublishAsync(incident)).Receipt));
                red.Add(Forgery.BundleIdOf(incident));
            }
        }

        await using var second = await RunningBroker.StartAsync(fixture.Pki, settings);

        foreach (var (member, expected) in new[] { (OfficeOhio, green), (OfficeTexas, green), (Vendor, green), (Cert, red) })
        {
            using var client = second.Client(member);
            using var stream = new MailboxStream(client, 0);
            var items = await stream.ReadAsync(N);
            Assert.All(items, i => Assert.NotNull(i.Delivery));
            Assert.Equal(expected, items.Select(i => RoutingHeader.Parser.ParseFrom(i.Delivery.Header).BundleId));
            Assert.True(await stream.IsQuietAsync(TimeSpan.FromMilliseconds(300)));
        }

        var verification = await second.State.VerifyAuditAsync(federation.BrokerKey.PublicKey, brokerId);
        Assert.True(verification.IsValid, verification.Reason);
        // The first broker signed its head when it stopped.
        Assert.True(verification.CheckpointCount >= 1);
        Assert.Equal(receipts.Max(r => r.AuditPosition.Sequence), verification.RecordCount);
        var audited = (await second.State.AuditAfterAsync()).Where(e => e.Record.Decision == "accepted").Select(e => ByteString.CopyFrom(e.Record.BundleId));
        Assert.Equal(green.Concat(red).Order(ByteStringOrder.Instance), audited.Order(ByteStringOrder.Instance));
    }

    [Fact]
    public async Task AuditCheckpoint_WhileRunning_SignsTheMovedHeadAndVerifies()
    {
        using var data = new TempDirectory();
        await using var broker = await RunningBroker.StartAsync(fixture.Pki, new Dictionary<string, string?>
        {
            ["Isac:Store:DataDirectory"] = data.Path,
            ["Isac:Publish:CheckpointInterval"] = "00:00:00.100",
        });
        using var cert = broker.Client(Cert);
        var federation = fixture.Pki.Federation;
        var receipt = Receipt.Parser.ParseFrom((await cert.PublishAsync(
            federation.Seal(Cert, await cert.DirectoryAsync(federation), Tlp.Green, Audience.OfCommunities("election-sector")))).Receipt);

        var verification = await broker.State.VerifyAuditAsync(federation.BrokerKey.PublicKey);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (verification.CheckpointCount == 0)
        {
            await Task.Delay(50, deadline.Token);
            verification = await broker.State.VerifyAuditAsync(federation.BrokerKey.PublicKey);
        }

        Assert.True(verification.IsValid, verification.Reason);
        Assert.Equal(receipt.AuditPosition.Sequence, verification.RecordCount);
        // A checkpoint signed by another key does not verify.
        var forged = await broker.State.VerifyAuditAsync(Isac.Core.Crypto.SigningKeyPair.Generate().PublicKey);
        Assert.Equal(Isac.Storage.AuditVerificationStatus.CheckpointForged, forged.Status);
    }

    private sealed class ByteStringOrder : IComparer<ByteString>
    {
        public static readonly ByteStringOrder Instance = new();

        public int Compare(ByteString? x, ByteString? y) => x!.Span.SequenceCompareTo(y!.Span);
    }
}
