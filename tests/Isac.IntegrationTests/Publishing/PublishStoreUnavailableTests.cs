using Grpc.Core;
using Isac.Core.Labels;
using Isac.IntegrationTests.Hosting;
using Isac.IntegrationTests.Infrastructure;
using Isac.V1;
using static Isac.IntegrationTests.Hosting.TestFederation;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Publishing;

/// <summary>
/// The store goes down under a running broker: a publish is answered <c>Unavailable</c>, counted, nothing is
/// written or receipted; when the same redis-server comes back on its data, the same bundle is accepted once.
/// </summary>
public sealed class PublishStoreUnavailableTests(TestPkiFixture fixture) : IClassFixture<TestPkiFixture>
{
    private static readonly string[] Everyone = [Cert, OfficeOhio, OfficeTexas, Vendor];

    [Fact]
    public async Task Publish_StoreDown_IsUnavailableWithNothingWritten_AndTheSameBundleIsAcceptedOnceWhenItIsBack()
    {
        using var data = new TempDirectory();
        var federation = fixture.Pki.Federation;
        SealedBundle sealedBundle;
        IReadOnlyDictionary<string, IReadOnlyList<string>> before;
        var redis = await RedisServer.StartAsync(["dir", data.Path]);
        try
        {
            // A short command timeout so the test does not wait the default 5 s for the dead server.
            await using var broker = await RunningBroker.StartAsync(fixture.Pki, redisConnectionString: redis.ConnectionString + ",asyncTimeout=1500,syncTimeout=1500");
            using var cert = broker.Client(Cert);
            var directory = await cert.DirectoryAsync(federation);
            await cert.PublishAsync(federation.Seal(Cert, directory, Tlp.Green, Audience.OfCommunities("election-sector"), "before the outage"));
            before = await broker.State.MailboxesAsync(Everyone);
            sealedBundle = federation.Seal(Cert, directory, Tlp.Green, Audience.OfCommunities("election-sector"), "during the outage");
            using var refusals = new RefusalRecorder(broker.Services);

            await redis.DisposeAsync();
            var error = await Assert.ThrowsAsync<RpcException>(() => cert.PublishAsync(sealedBundle));

            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            Assert.StartsWith("store-unavailable: ", error.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("nothing was receipted", error.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(["store-unavailable"], refusals.Reasons);
        }
        finally
        {
            await redis.DisposeAsync();
        }

        // The store comes back on the same data (at a new address, so a new broker), and the sender retries.
        await using var back = await RedisServer.StartAsync(["dir", data.Path]);
        await using var restarted = await RunningBroker.StartAsync(fixture.Pki, redisConnectionString: back.ConnectionString);
        Assert.Equal(before, await restarted.State.MailboxesAsync(Everyone));
        using var sender = restarted.Client(Cert);

        var receipt = await sender.PublishAsync(sealedBundle);

        Assert.Equal(3u, Receipt.Parser.ParseFrom(receipt.Receipt).RecipientCount);
        var bundleId = Forgery.BundleIdOf(sealedBundle).Memory;
        foreach (var member in new[] { OfficeOhio, OfficeTexas, Vendor })
        {
            Assert.Equal(1, await restarted.State.CopiesAsync(member, bundleId));
        }

        var verification = await restarted.State.VerifyAuditAsync(federation.BrokerKey.PublicKey);
        Assert.True(verification.IsValid, verification.Reason);
    }
}
