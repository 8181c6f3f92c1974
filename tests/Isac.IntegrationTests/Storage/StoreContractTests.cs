using System.Security.Cryptography;
using Isac.Core.Crypto;
using Isac.Storage;
using Isac.Storage.Internal;
using StackExchange.Redis;

namespace Isac.IntegrationTests.Storage;

/// <summary>
/// The storage contract: every engine (Redis 7, Garnet) must pass all of it. A subclass per engine says where the
/// server is; each test uses fresh member, sender and broker ids, so tests sharing a server do not meet.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private BrokerStore? _store;

    protected BrokerStore Store => _store ?? throw new InvalidOperationException("Not initialized.");

    protected abstract StoreEngine ExpectedEngine { get; }

    /// <summary>Options pointing at this engine's server.</summary>
    protected abstract StoreOptions CreateOptions();

    public async Task InitializeAsync() => _store = await BrokerStore.ConnectAsync(CreateOptions());

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public void Connect_DetectsTheEngine() => Assert.Equal(ExpectedEngine, Store.Engine);

    // ---- Replay cache -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Replay_FirstPublish_IsNewThenPendingThenCommittedWithItsReceipt()
    {
        var (sender, bundleId, digest) = (NewId("s"), NewBundleId(), Bytes(32));
        var expires = DateTimeOffset.UtcNow.AddMinutes(17);

        Assert.Equal(new ReplayCheck(ReplayStatus.New), await Store.BeginPublishAsync(sender, bundleId, digest, expires, Bytes(100)));
        Assert.Equal(ReplayStatus.Pending, (await Store.BeginPublishAsync(sender, bundleId, digest, expires, Bytes(100))).Status);

        var receipt = Bytes(80);
        Assert.Equal(CommitStatus.Committed, await Store.CommitPublishAsync(sender, bundleId, receipt));
        var again = await Store.BeginPublishAsync(sender, bundleId, digest, expires, Bytes(100));
        Assert.Equal(ReplayStatus.Committed, again.Status);
        Assert.Equal(receipt, again.Receipt);
        Assert.Equal(CommitStatus.AlreadyCommitted, await Store.CommitPublishAsync(sender, bundleId, Bytes(80)));
    }

    [Fact]
    public async Task Replay_OtherDigest_IsConflictWhetherPendingOrCommitted()
    {
        var (sender, bundleId, digest) = (NewId("s"), NewBundleId(), Bytes(32));
        var expires = DateTimeOffset.UtcNow.AddMinutes(17);
        await Store.BeginPublishAsync(sender, bundleId, digest, expires, Bytes(10));

        Assert.Equal(ReplayStatus.Conflict, (await Store.BeginPublishAsync(sender, bundleId, Bytes(32), expires, Bytes(10))).Status);
        await Store.CommitPublishAsync(sender, bundleId, Bytes(8));
        var conflict = await Store.BeginPublishAsync(sender, bundleId, Bytes(32), expires, Bytes(10));
        Assert.Equal(ReplayStatus.Conflict, conflict.Status);
        Assert.Null(conflict.Receipt);
    }

    [Fact]
    public async Task Replay_SameBundleIdFromAnotherSender_IsIndependent()
    {
        var bundleId = NewBundleId();
        var expires = DateTimeOffset.UtcNow.AddMinutes(17);
        await Store.BeginPublishAsync(NewId("s"), bundleId, Bytes(32), expires, Bytes(10));

        Assert.Equal(ReplayStatus.New, (await Store.BeginPublishAsync(NewId("s"), bundleId, Bytes(32), expires, Bytes(10))).Status);
    }

    [Fact]
    public async Task Replay_Record_IsGoneAfterItsExpiry()
    {
        var (sender, bundleId, digest) = (NewId("s"), NewBundleId(), Bytes(32));
        await Store.BeginPublishAsync(sender, bundleId, digest, DateTimeOffset.UtcNow.AddMilliseconds(300), Bytes(10));
        Assert.Equal(ReplayStatus.Pending, (await Store.BeginPublishAsync(sender, bundleId, digest, DateTimeOffset.UtcNow.AddMinutes(1), Bytes(10))).Status);

        await Task.Delay(900);

        Assert.Equal(ReplayStatus.New, (await Store.BeginPublishAsync(sender, bundleId, Bytes(32), DateTimeOffset.UtcNow.AddMinutes(1), Bytes(10))).Status);
        Assert.Equal(CommitStatus.Committed, await Store.CommitPublishAsync(sender, bundleId, Bytes(8)));
    }

    [Fact]
    public async Task Replay_CommitAfterExpiry_IsNotFound()
    {
        var (sender, bundleId) = (NewId("s"), NewBundleId());
        await Store.BeginPublishAsync(sender, bundleId, Bytes(32), DateTimeOffset.UtcNow.AddMilliseconds(100), Bytes(10));
        await Task.Delay(500);

        Assert.Equal(CommitStatus.NotFound, await Store.CommitPublishAsync(sender, bundleId, Bytes(8)));
    }

    [Fact]
    public async Task Replay_PendingPublish_IsListedForTheSweeperWithItsSealedBytesUntilCommitted()
    {
        var (sender, bundleId, digest, sealedBundle) = (NewId("s"), NewBundleId(), Bytes(32), Bytes(300));
        await Store.BeginPublishAsync(sender, bundleId, digest, DateTimeOffset.UtcNow.AddMinutes(17), sealedBundle);

        var pending = await FindPendingAsync(sender, bundleId);
        Assert.NotNull(pending);
        Assert.Equal(digest, pending.Digest);
        Assert.Equal(sealedBundle, pending.SealedBundle);
        Assert.DoesNotContain(await Store.ListPendingAsync(DateTimeOffset.UtcNow.AddMinutes(-5), 1000), p => p.SenderMemberId == sender);

        await Store.CommitPublishAsync(sender, bundleId, Bytes(8));
        Assert.Null(await FindPendingAsync(sender, bundleId));
    }

    [Fact]
    public async Task Replay_ExpiredPendingRecord_IsNotListed()
    {
        var (sender, bundleId) = (NewId("s"), NewBundleId());
        await Store.BeginPublishAsync(sender, bundleId, Bytes(32), DateTimeOffset.UtcNow.AddMilliseconds(100), Bytes(10));
        await Task.Delay(500);

        Assert.Null(await FindPendingAsync(sender, bundleId));
    }

    // ---- Bundles ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Bundle_StoredOnce_SecondPutKeepsTheFirst()
    {
        var bundleId = NewBundleId();
        var (header, signature, ciphertext) = (Bytes(200), Bytes(64), Bytes(5000));

        Assert.True(await Store.PutBundleAsync(bundleId, header, signature, ciphertext));
        Assert.False(await Store.PutBundleAsync(bundleId, Bytes(200), Bytes(64), Bytes(10)));

        var stored = await Store.GetBundleAsync(bundleId);
        Assert.NotNull(stored);
        Assert.Equal(header, stored.Header);
        Assert.Equal(signature, stored.Signature);
        Assert.Equal(ciphertext, stored.Ciphertext);
        Assert.Null(await Store.GetBundleAsync(NewBundleId()));
    }

    [Fact]
    public async Task Bundle_PutAgain_ExtendsItsLife()
    {
        var bundleId = NewBundleId();
        await Store.PutBundleAsync(bundleId, Bytes(10), Bytes(64), Bytes(10), TimeSpan.FromMilliseconds(300));
        await Store.PutBundleAsync(bundleId, Bytes(10), Bytes(64), Bytes(10), TimeSpan.FromMinutes(5));
        await Task.Delay(700);

        Assert.NotNull(await Store.GetBundleAsync(bundleId));
    }

    // ---- Mailboxes ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Mailbox_Appends_GetSequencesOneToNInOrder()
    {
        var member = NewId("m");
        var bundles = await PutBundlesAsync(5);
        for (var i = 0; i < bundles.Count; i++)
        {
            var appended = await AppendAsync(member, bundles[i]);
            Assert.Equal(new MailboxAppendResult((ulong)i + 1, true), appended);
        }

        var items = await Store.ReadAsync(member, 0, 100);

        Assert.Equal([1UL, 2, 3, 4, 5], items.Cast<MailboxDelivery>().Select(d => d.Sequence));
        Assert.Equal(bundles.Select(Convert.ToHexString), items.Cast<MailboxDelivery>().Select(d => Convert.ToHexString(d.BundleId)));
    }

    [Fact]
    public async Task Mailbox_Delivery_CarriesEntryProofAndTheStoredBundle()
    {
        var member = NewId("m");
        var bundleId = NewBundleId();
        var (header, signature, ciphertext, entry, proof) = (Bytes(150), Bytes(64), Bytes(3000), Bytes(90), Bytes(7 * 32 + 16));
        await Store.PutBundleAsync(bundleId, header, signature, ciphertext);
        var acceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await Store.AppendAsync(member, bundleId, entry, proof, acceptedAt);

        var delivery = Assert.IsType<MailboxDelivery>(Assert.Single(await Store.ReadAsync(member, 0, 10)));

        Assert.Equal(1UL, delivery.Sequence);
        Assert.Equal(acceptedAt, delivery.AcceptedAt);
        Assert.Equal(bundleId, delivery.BundleId);
        Assert.Equal(entry, delivery.RecipientEntry);
        Assert.Equal(proof, delivery.MerkleProof);
        Assert.Equal(header, delivery.Header);
        Assert.Equal(signature, delivery.Signature);
        Assert.Equal(ciphertext, delivery.Ciphertext);
    }

    [Fact]
    public async Task Mailbox_SameBundleAppendedTwice_KeepsOneItemAndTheSameSequence()
    {
        var member = NewId("m");
        var bundles = await PutBundlesAsync(2);
        await AppendAsync(member, bundles[0]);
        var first = await AppendAsync(member, bundles[1]);

        var again = await AppendAsync(member, bundles[1]);

        Assert.Equal(new MailboxAppendResult(2, false), again);
        Assert.Equal(first.Sequence, again.Sequence);
        Assert.Equal(2, (await Store.ReadAsync(member, 0, 100)).Count);
        Assert.Equal(new MailboxAppendResult(3, true), await AppendAsync(member, (await PutBundlesAsync(1))[0]));
    }

    [Fact]
    public async Task Mailbox_ConcurrentAppends_GetDistinctGaplessSequences()
    {
        var member = NewId("m");
        var bundles = await PutBundlesAsync(100);

        var results = await Task.WhenAll(bundles.Select(b => AppendAsync(member, b)));

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (ulong)i), results.Select(r => r.Sequence).Order());
        var items = await Store.ReadAsync(member, 0, 1000);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (ulong)i), items.Cast<MailboxDelivery>().Select(d => d.Sequence));
    }

    [Fact]
    public async Task Mailbox_ReadAfterCursor_ResumesAtTheNextSequence()
    {
        var member = NewId("m");
        foreach (var bundle in await PutBundlesAsync(6))
        {
            await AppendAsync(member, bundle);
        }

        Assert.Equal([4UL, 5, 6], (await Store.ReadAsync(member, 3, 100)).Select(i => i.LastSequence));
        Assert.Equal([3UL, 4], (await Store.ReadAsync(member, 2, 2)).Select(i => i.LastSequence));
        Assert.Empty(await Store.ReadAsync(member, 6, 100));
    }

    [Fact]
    public async Task Mailbox_Ack_TrimsOnlyThroughWhatWasDelivered()
    {
        var member = NewId("m");
        var bundles = await PutBundlesAsync(5);
        foreach (var bundle in bundles)
        {
            await AppendAsync(member, bundle);
        }

        var acked = await Store.AckAsync(member, cursor: 5, deliveredThrough: 3);

        Assert.Equal(3UL, acked);
        var items = await Store.ReadAsync(member, 0, 100);
        Assert.Equal(new MailboxGap(1, 3, GapReason.Acknowledged), items[0]);
        Assert.Equal([4UL, 5], items.Skip(1).Cast<MailboxDelivery>().Select(d => d.Sequence));
        Assert.Equal([4UL, 5], (await Store.ReadAsync(member, 3, 100)).Cast<MailboxDelivery>().Select(d => d.Sequence));
        // The trimmed entries left the id index too.
        Assert.Equal(new MailboxAppendResult(6, true), await AppendAsync(member, bundles[0]));
        Assert.Equal(new MailboxAppendResult(4, false), await AppendAsync(member, bundles[3]));
    }

    [Fact]
    public async Task Mailbox_Ack_NeverGoesBackNorPastTheLastSequence()
    {
        var member = NewId("m");
        foreach (var bundle in await PutBundlesAsync(3))
        {
            await AppendAsync(member, bundle);
        }

        Assert.Equal(2UL, await Store.AckAsync(member, 2, 2));
        Assert.Equal(2UL, await Store.AckAsync(member, 1, 1));
        Assert.Equal(3UL, await Store.AckAsync(member, 50, 50));
        Assert.Equal(0UL, await Store.AckAsync(NewId("m"), 10, 10));
    }

    [Fact]
    public async Task Mailbox_UnackedEntriesPastRetention_AreReportedAsAGapNeverSkipped()
    {
        await using var store = await BrokerStore.ConnectAsync(WithRetention(TimeSpan.FromHours(1)));
        var member = NewId("m");
        var bundles = await PutBundlesAsync(4);
        var old = DateTimeOffset.UtcNow.AddHours(-2);
        await store.AppendAsync(member, bundles[0], Bytes(40), Bytes(40), old);
        await store.AppendAsync(member, bundles[1], Bytes(40), Bytes(40), old.AddMinutes(1));
        await store.AppendAsync(member, bundles[2], Bytes(40), Bytes(40), DateTimeOffset.UtcNow);

        var items = await store.ReadAsync(member, 0, 100);

        Assert.Equal(new MailboxGap(1, 2, GapReason.Expired), items[0]);
        Assert.Equal(3UL, Assert.IsType<MailboxDelivery>(Assert.Single(items.Skip(1))).Sequence);
        // Trimmed for good: a reader from any older cursor still hears about it.
        Assert.Equal(new MailboxGap(2, 2, GapReason.Expired), (await store.ReadAsync(member, 1, 100))[0]);
    }

    [Fact]
    public async Task Mailbox_TrailingExpiredEntries_AreReportedAsAGap()
    {
        await using var store = await BrokerStore.ConnectAsync(WithRetention(TimeSpan.FromHours(1)));
        var member = NewId("m");
        var bundles = await PutBundlesAsync(3);
        await store.AppendAsync(member, bundles[0], Bytes(40), Bytes(40), DateTimeOffset.UtcNow.AddHours(-3));
        await store.AppendAsync(member, bundles[1], Bytes(40), Bytes(40), DateTimeOffset.UtcNow.AddHours(-2));

        var items = await store.ReadAsync(member, 0, 100);

        Assert.Equal([new MailboxGap(1, 2, GapReason.Expired)], items);
    }

    [Fact]
    public async Task Mailbox_EntryWhoseBundleExpired_IsReportedAsAGap()
    {
        var member = NewId("m");
        var (gone, kept) = (NewBundleId(), NewBundleId());
        await Store.PutBundleAsync(gone, Bytes(10), Bytes(64), Bytes(10), TimeSpan.FromMilliseconds(200));
        await Store.PutBundleAsync(kept, Bytes(10), Bytes(64), Bytes(10));
        await AppendAsync(member, gone);
        await AppendAsync(member, kept);
        await Task.Delay(600);

        var items = await Store.ReadAsync(member, 0, 100);

        Assert.Equal(new MailboxGap(1, 1, GapReason.BundleExpired), items[0]);
        Assert.Equal(2UL, Assert.IsType<MailboxDelivery>(items[1]).Sequence);
    }

    [Fact]
    public async Task Mailbox_Subscriber_IsWokenByAnAppend()
    {
        var member = NewId("m");
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (await Store.SubscribeAsync(member, () => woken.TrySetResult()))
        {
            await AppendAsync(NewId("m"), (await PutBundlesAsync(1))[0]);
            await Task.Delay(100);
            Assert.False(woken.Task.IsCompleted, "a wake-up for another member's mailbox arrived");

            await AppendAsync(member, (await PutBundlesAsync(1))[0]);

            await woken.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Mailbox_InvalidMemberId_IsRefusedBeforeItReachesAKey()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync("a}{b", NewBundleId(), Bytes(1), Bytes(1), DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync("UPPER", 0, 1));
    }

    // ---- Directory ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Directory_OnlyAHigherVersionReplacesTheStoredSnapshot()
    {
        await DeleteDirectoryKeyAsync();
        var (v5, v6) = (Bytes(500), Bytes(600));

        Assert.Null(await Store.GetDirectoryAsync());
        Assert.Equal(new DirectoryPutResult(true, 5), await Store.TryPutDirectoryAsync(5, v5));
        Assert.Equal(new DirectoryPutResult(false, 5), await Store.TryPutDirectoryAsync(5, Bytes(500)));
        Assert.Equal(new DirectoryPutResult(false, 5), await Store.TryPutDirectoryAsync(4, Bytes(400)));
        Assert.Equal(new DirectoryPutResult(true, 6), await Store.TryPutDirectoryAsync(6, v6));
        Assert.Equal(new DirectoryPutResult(true, ulong.MaxValue), await Store.TryPutDirectoryAsync(ulong.MaxValue, v5));
        Assert.False((await Store.TryPutDirectoryAsync(10, v6)).Stored);

        var stored = await Store.GetDirectoryAsync();
        Assert.NotNull(stored);
        Assert.Equal(ulong.MaxValue, stored.Version);
        Assert.Equal(v5, stored.Snapshot);
    }

    // ---- Audit --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Audit_AppendedChain_VerifiesAndReadsBack()
    {
        var broker = NewId("b");
        var records = Enumerable.Range(0, 5).Select(NewAuditRecord).ToList();
        var positions = new List<AuditPosition>();
        foreach (var record in records)
        {
            positions.Add(await Store.AppendAuditAsync(broker, record));
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(i => new AuditPosition(broker, (ulong)i)), positions);
        var verification = await Store.VerifyAuditChainAsync(broker, SigningKeyPair.Generate().PublicKey);
        Assert.Equal(new AuditVerification(AuditVerificationStatus.Valid, broker, 5, 0, null, null), verification);
        var read = await Store.ReadAuditAsync(broker, 2, 2);
        Assert.Equal([2UL, 3], read.Select(e => e.Position.Sequence));
        Assert.Equal(records[1] with { BundleId = read[0].Record.BundleId }, read[0].Record);
        Assert.Equal(records[1].BundleId, read[0].Record.BundleId);
    }

    [Fact]
    public async Task Audit_ConcurrentAppends_FormOneValidChain()
    {
        var broker = NewId("b");

        var positions = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Store.AppendAuditAsync(broker, NewAuditRecord(i))));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (ulong)i), positions.Select(p => p.Sequence).Order());
        Assert.True((await Store.VerifyAuditChainAsync(broker, SigningKeyPair.Generate().PublicKey)).IsValid);
    }

    [Fact]
    public async Task Audit_OneAlteredRecord_IsReportedAtItsPosition()
    {
        var broker = NewId("b");
        for (var i = 0; i < 6; i++)
        {
            await Store.AppendAuditAsync(broker, NewAuditRecord(i));
        }

        // Rewrite record 4 in place, keeping its stored hash: as an attacker with write access to the store would.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionStringOf(CreateOptions()));
        var log = StoreKeys.Audit(broker)[0];
        var (sequence, hash, record) = AuditCodec.DecodeEntry((byte[])(await connection.GetDatabase().ListGetByIndexAsync(log, 3))!);
        var altered = AuditCodec.DecodeRecord(record) with { Decision = "denied", Reason = "quietly changed" };
        await connection.GetDatabase().ListSetByIndexAsync(log, 3, AuditCodec.EncodeEntry(sequence, hash, AuditCodec.EncodeRecord(altered)));

        var verification = await Store.VerifyAuditChainAsync(broker, SigningKeyPair.Generate().PublicKey);

        Assert.Equal(AuditVerificationStatus.RecordAltered, verification.Status);
        Assert.Equal(4UL, verification.FirstBadSequence);
        Assert.False(verification.IsValid);
    }

    [Fact]
    public async Task Audit_SignedCheckpoint_VerifiesAndAForgedOneFails()
    {
        var broker = NewId("b");
        var brokerKey = SigningKeyPair.Generate();
        for (var i = 0; i < 3; i++)
        {
            await Store.AppendAuditAsync(broker, NewAuditRecord(i));
        }

        var checkpoint = await Store.WriteCheckpointAsync(broker, brokerKey);
        await Store.AppendAuditAsync(broker, NewAuditRecord(3));

        Assert.Equal(3UL, checkpoint.Sequence);
        Assert.True(Signatures.Verify(brokerKey.PublicKey, SignatureContext.AuditCheckpoint, checkpoint.Body, checkpoint.Signature));
        Assert.Equal(new AuditVerification(AuditVerificationStatus.Valid, broker, 4, 1, null, null), await Store.VerifyAuditChainAsync(broker, brokerKey.PublicKey));
        Assert.Equal(AuditVerificationStatus.CheckpointForged, (await Store.VerifyAuditChainAsync(broker, SigningKeyPair.Generate().PublicKey)).Status);

        // A checkpoint made with another key, stored beside the real one.
        await Store.WriteCheckpointAsync(broker, SigningKeyPair.Generate());
        var forged = await Store.VerifyAuditChainAsync(broker, brokerKey.PublicKey);
        Assert.Equal(AuditVerificationStatus.CheckpointForged, forged.Status);
        Assert.Equal(4UL, forged.FirstBadSequence);
    }

    [Fact]
    public async Task Audit_RecordsRemovedBehindASignedCheckpoint_AreDetected()
    {
        var broker = NewId("b");
        var brokerKey = SigningKeyPair.Generate();
        for (var i = 0; i < 4; i++)
        {
            await Store.AppendAuditAsync(broker, NewAuditRecord(i));
        }

        await Store.WriteCheckpointAsync(broker, brokerKey);

        // Drop the last record and point the head at the one before: the chain alone looks fine.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionStringOf(CreateOptions()));
        var keys = StoreKeys.Audit(broker);
        var database = connection.GetDatabase();
        await database.ListRightPopAsync(keys[0]);
        var (sequence, hash, _) = AuditCodec.DecodeEntry((byte[])(await database.ListGetByIndexAsync(keys[0], -1))!);
        await database.StringSetAsync(keys[1], AuditCodec.EncodeHead(sequence, hash));

        var verification = await Store.VerifyAuditChainAsync(broker, brokerKey.PublicKey);

        Assert.Equal(AuditVerificationStatus.CheckpointMismatch, verification.Status);
        Assert.Equal(4UL, verification.FirstBadSequence);
    }

    // ---- Durability ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task WaitDurable_CompletesForConcurrentWriters()
    {
        var member = NewId("m");
        var bundles = await PutBundlesAsync(20);

        await Task.WhenAll(bundles.Select(async b =>
        {
            await AppendAsync(member, b);
            await Store.WaitDurableAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }));

        Assert.Equal(20, (await Store.ReadAsync(member, 0, 100)).Count);
    }

    // ---- Helpers ------------------------------------------------------------------------------------------------

    protected StoreOptions WithRetention(TimeSpan mailboxRetention)
    {
        var options = CreateOptions();
        options.MailboxRetention = mailboxRetention;
        options.BundleRetention = mailboxRetention + TimeSpan.FromHours(1);
        return options;
    }

    protected static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    protected static byte[] NewBundleId() => Bytes(16);

    protected static byte[] Bytes(int length) => RandomNumberGenerator.GetBytes(length);

    protected Task<MailboxAppendResult> AppendAsync(string member, byte[] bundleId) =>
        Store.AppendAsync(member, bundleId, Bytes(60), Bytes(64), DateTimeOffset.UtcNow);

    protected async Task<List<byte[]>> PutBundlesAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => NewBundleId()).ToList();
        foreach (var id in ids)
        {
            await Store.PutBundleAsync(id, Bytes(120), Bytes(64), Bytes(256));
        }

        return ids;
    }

    private static AuditRecord NewAuditRecord(int i) =>
        new("publish", NewBundleId(), "sender-" + i, (uint)(10 + i), i % 2 == 0 ? "accepted" : "denied", i % 2 == 0 ? string.Empty : "not cleared",
            DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000 + i));

    private async Task<PendingPublish?> FindPendingAsync(string sender, byte[] bundleId) =>
        (await Store.ListPendingAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10_000))
            .SingleOrDefault(p => p.SenderMemberId == sender && p.BundleId.AsSpan().SequenceEqual(bundleId));

    private static string ConnectionStringOf(StoreOptions options) =>
        options.ConnectionString ?? throw new InvalidOperationException("This test needs an external server.");

    /// <summary>The directory key is global to a server (shared by the tests of a class): start from none.</summary>
    private async Task DeleteDirectoryKeyAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionStringOf(CreateOptions()));
        await connection.GetDatabase().KeyDeleteAsync(StoreKeys.Directory);
    }
}
