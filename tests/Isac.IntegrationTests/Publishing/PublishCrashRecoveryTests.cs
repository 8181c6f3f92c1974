using Google.Protobuf;
using Grpc.Core;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.IntegrationTests.Hosting;
using Isac.IntegrationTests.Infrastructure;
using Isac.Storage;
using Isac.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Isac.IntegrationTests.Hosting.TestFederation;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Publishing;

/// <summary>
/// DESIGN.md section 5, the first trap: the store fails after the publish is <c>pending</c> and after one of three
/// mailbox writes. Nothing is receipted, and the bundle still ends in every mailbox exactly once, through the
/// sender's retry or, with no retry at all, through the sweeper of a restarted broker.
/// </summary>
public sealed class PublishCrashRecoveryTests(TestPkiFixture fixture) : IClassFixture<TestPkiFixture>
{
    private static readonly string[] Recipients = [OfficeOhio, OfficeTexas, Vendor];

    private TestFederation Federation => fixture.Pki.Federation;

    [Fact]
    public async Task Publish_StoreFailsMidFanOut_RetryDeliversExactlyOnceAndReturnsOneReceipt()
    {
        using var data = new TempDirectory();
        await using var broker = await StartWithFaultAsync(data.Path, succeedingAppends: 1);
        using var cert = broker.Client(Cert);
        var sealedBundle = Federation.Seal(Cert, await cert.DirectoryAsync(Federation), Tlp.Green, Audience.OfCommunities("election-sector"));
        var bundleId = Forgery.BundleIdOf(sealedBundle).Memory;

        var crashed = await CrashMidFanOutAsync(broker, cert, sealedBundle);
        crashed.Healed = true;
        var receipt = await cert.PublishAsync(sealedBundle);
        var again = await cert.PublishAsync(sealedBundle);

        Assert.Equal(receipt.ToByteArray(), again.ToByteArray());
        Assert.True(Signatures.Verify(Federation.BrokerKey.PublicKey, SignatureContext.Receipt, receipt.Receipt.Span, receipt.Signature.Span));
        Assert.Equal(3u, Receipt.Parser.ParseFrom(receipt.Receipt).RecipientCount);
        await AssertExactlyOnceAsync(broker, bundleId);
        // The mailbox written before the crash streams only once the receipt exists, and with that very receipt.
        foreach (var member in Recipients)
        {
            using var client = broker.Client(member);
            Assert.Equal(receipt, Assert.Single(await client.DeliveriesOfAsync(Forgery.BundleIdOf(sealedBundle))).Receipt);
        }
    }

    [Fact]
    public async Task Publish_BrokerCrashesMidFanOut_SweeperOfRestartedBrokerDeliversExactlyOnceWithoutRetry()
    {
        using var data = new TempDirectory();
        var sealedBundle = await CrashBrokerMidFanOutAsync(data.Path);

        // A new broker on the same store, with a sweeper that finishes anything pending for 200 ms. The sender never retries.
        await using var restarted = await RunningBroker.StartAsync(fixture.Pki, new Dictionary<string, string?>
        {
            ["Isac:Store:DataDirectory"] = data.Path,
            ["Isac:Publish:SweepInterval"] = "00:00:00.100",
            ["Isac:Publish:SweepAfter"] = "00:00:00.200",
        });
        var bundleId = Forgery.BundleIdOf(sealedBundle).Memory;
        await WaitUntilAsync(async () => (await Task.WhenAll(Recipients.Select(m => restarted.State.CopiesAsync(m, bundleId)))).All(c => c > 0));
        await WaitUntilAsync(() => Task.FromResult(restarted.Logs.Entries.Any(e => e.EventId == 1402)));

        await AssertExactlyOnceAsync(restarted, bundleId);
        // Over gRPC too: each recipient's stream carries it once.
        foreach (var member in Recipients)
        {
            using var client = restarted.Client(member);
            var delivery = Assert.Single(await client.DeliveriesOfAsync(Forgery.BundleIdOf(sealedBundle)));
            Assert.True(Signatures.Verify(Federation.BrokerKey.PublicKey, SignatureContext.Receipt, delivery.Receipt.Receipt.Span, delivery.Receipt.Signature.Span));
        }

        var accepted = (await restarted.State.AuditAfterAsync()).Where(e => e.Record.Decision == "accepted" && e.Record.BundleId.AsSpan().SequenceEqual(bundleId.Span)).ToList();
        Assert.Equal(3u, Assert.Single(accepted).Record.RecipientCount);
    }

    [Fact]
    public async Task Publish_NeverFinishedAfterACrash_IsStreamedAsAGap_AndTheMailboxFlowsOn()
    {
        using var data = new TempDirectory();
        var sealedBundle = await CrashBrokerMidFanOutAsync(data.Path);

        // Restarted with a short bundle age and a sweeper that never gets to it: the sender never retries, so the
        // publish can no longer be finished once its replay record expires (about 2 s here), and no receipt comes.
        await using var restarted = await RunningBroker.StartAsync(fixture.Pki, new Dictionary<string, string?>
        {
            ["Isac:Store:DataDirectory"] = data.Path,
            ["Isac:Publish:MaxAge"] = "00:00:02",
            ["Isac:Publish:MaxSkew"] = "00:00:00",
            ["Isac:Publish:SweepInterval"] = "00:00:00.100",
            ["Isac:Publish:SweepAfter"] = "01:00:00",
        });
        var bundleId = Forgery.BundleIdOf(sealedBundle).Memory;
        var copies = await Task.WhenAll(Recipients.Select(m => restarted.State.CopiesAsync(m, bundleId)));
        var holder = Recipients[Array.FindIndex(copies, c => c > 0)];
        Assert.Equal(1, copies.Sum());
        using var cert2 = restarted.Client(Cert);
        var next = Federation.Seal(Cert, await cert2.DirectoryAsync(Federation), Tlp.Green, Audience.OfMembers(holder), "the next bundle");
        await cert2.PublishAsync(next);

        using var client = restarted.Client(holder);
        List<SubscribeResponse> items = [];
        await WaitUntilAsync(async () => (items = await client.ReadMailboxAsync()).Count >= 2);

        Assert.Equal(new Gap { FromSequence = 1, ToSequence = 1, Reason = "Unfinished" }, items[0].Gap);
        Assert.Equal(Forgery.BundleIdOf(next), RoutingHeader.Parser.ParseFrom(items[1].Delivery.Header).BundleId);
        Assert.NotNull(items[1].Delivery.Receipt);
    }

    /// <summary>A broker on <paramref name="dataDirectory"/> crashes after one of three mailbox writes of a GREEN bulletin and stops.</summary>
    private async Task<SealedBundle> CrashBrokerMidFanOutAsync(string dataDirectory)
    {
        await using var crashing = await StartWithFaultAsync(dataDirectory, succeedingAppends: 1);
        using var cert = crashing.Client(Cert);
        var sealedBundle = Federation.Seal(Cert, await cert.DirectoryAsync(Federation), Tlp.Green, Audience.OfCommunities("election-sector"));
        await CrashMidFanOutAsync(crashing, cert, sealedBundle);
        return sealedBundle;
    }

    private async Task<RunningBroker> StartWithFaultAsync(string dataDirectory, int succeedingAppends)
    {
        var broker = await RunningBroker.StartAsync(
            fixture.Pki,
            new Dictionary<string, string?>
            {
                ["Isac:Store:DataDirectory"] = dataDirectory,
                // No sweeping here: only the retry (or a restarted broker) may finish the fan-out.
                ["Isac:Publish:SweepAfter"] = "01:00:00",
            },
            services: s => s.Replace(ServiceDescriptor.Singleton<IMailboxStore>(sp =>
                new FaultyMailboxStore(sp.GetRequiredService<BrokerStore>(), succeedingAppends) { Healed = true })));
        return broker;
    }

    /// <summary>Publishes with the fault armed: the store goes away after the first mailbox write.</summary>
    private static async Task<FaultyMailboxStore> CrashMidFanOutAsync(RunningBroker broker, FederationClient sender, SealedBundle sealedBundle)
    {
        var faulty = (FaultyMailboxStore)broker.Services.GetRequiredService<IMailboxStore>();
        faulty.Healed = false;

        var error = await Assert.ThrowsAsync<RpcException>(() => sender.PublishAsync(sealedBundle));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.StartsWith("store-unavailable: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, faulty.SucceededAppends);
        var bundleId = Forgery.BundleIdOf(sealedBundle).Memory;
        // Half done: one mailbox written, the others not (the write in flight may land a moment later).
        await WaitUntilAsync(async () => (await Task.WhenAll(Recipients.Select(m => broker.State.CopiesAsync(m, bundleId)))).Sum() == 1);
        Assert.DoesNotContain(await broker.State.AuditAfterAsync(), e => e.Record.Decision == "accepted" && e.Record.BundleId.AsSpan().SequenceEqual(bundleId.Span));
        return faulty;
    }

    private static async Task AssertExactlyOnceAsync(RunningBroker broker, ReadOnlyMemory<byte> bundleId)
    {
        foreach (var member in Recipients)
        {
            Assert.Equal(1, await broker.State.CopiesAsync(member, bundleId));
        }

        Assert.Equal(0, await broker.State.CopiesAsync(Cert, bundleId));
        Assert.True((await broker.State.VerifyAuditAsync(broker.Pki.Federation.BrokerKey.PublicKey)).IsValid);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // A liveness bound, not a timing assertion: generous for a loaded 2-core machine.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
