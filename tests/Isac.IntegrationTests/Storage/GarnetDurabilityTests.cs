using System.Security.Cryptography;
using Isac.Core.Crypto;
using Isac.IntegrationTests.Infrastructure;
using Isac.Storage;

namespace Isac.IntegrationTests.Storage;

/// <summary>The embedded Garnet server loses nothing that was made durable when it is stopped and started again.</summary>
public sealed class GarnetDurabilityTests
{
    [Fact]
    public async Task EmbeddedStore_RestartedOnTheSameDirectory_HasEveryDurableWrite()
    {
        using var data = new TempDirectory();
        var options = new StoreOptions { DataDirectory = data.Path };
        var (member, sender, broker) = ("m-durable", "s-durable", "b-durable");
        var bundleId = RandomNumberGenerator.GetBytes(16);
        var (ciphertext, receipt) = (RandomNumberGenerator.GetBytes(4096), RandomNumberGenerator.GetBytes(100));
        var brokerKey = SigningKeyPair.Generate();

        await using (var store = await BrokerStore.ConnectAsync(options))
        {
            Assert.NotNull(store.EmbeddedServer);
            await store.BeginPublishAsync(sender, bundleId, new byte[32], DateTimeOffset.UtcNow.AddMinutes(17), new byte[] { 1, 2, 3 });
            await store.PutBundleAsync(bundleId, new byte[] { 7, 7 }, new byte[64], ciphertext);
            await store.AppendAsync(member, bundleId, new byte[] { 1 }, new byte[] { 2 }, DateTimeOffset.UtcNow);
            await store.AppendAuditAsync(broker, new AuditRecord("publish", bundleId, sender, 1, "accepted", string.Empty, DateTimeOffset.UtcNow));
            await store.WriteCheckpointAsync(broker, brokerKey);
            await store.CommitPublishAsync(sender, bundleId, receipt);
            await store.TryPutDirectoryAsync(42, new byte[] { 4, 2 });

            await store.WaitDurableAsync();

            Assert.True(store.GroupCommits >= 1);
        }

        await using (var restarted = await BrokerStore.ConnectAsync(options))
        {
            var delivery = Assert.IsType<MailboxDelivery>(Assert.Single(await restarted.ReadAsync(member, 0, 10)));
            Assert.Equal(ciphertext, delivery.Ciphertext);
            var replay = await restarted.BeginPublishAsync(sender, bundleId, new byte[32], DateTimeOffset.UtcNow.AddMinutes(17), new byte[] { 1, 2, 3 });
            Assert.Equal(ReplayStatus.Committed, replay.Status);
            Assert.Equal(receipt, replay.Receipt);
            Assert.Equal(42UL, (await restarted.GetDirectoryAsync())?.Version);
            var audit = await restarted.VerifyAuditChainAsync(broker, brokerKey.PublicKey);
            Assert.Equal(new AuditVerification(AuditVerificationStatus.Valid, broker, 1, 1, null, null), audit);
            // The sequence goes on where it stopped.
            Assert.Equal(new MailboxAppendResult(2, true), await restarted.AppendAsync(member, RandomNumberGenerator.GetBytes(16), new byte[] { 1 }, new byte[] { 2 }, DateTimeOffset.UtcNow));
        }
    }
}
