using Isac.Core.Envelope;
using Isac.Node.LocalStore;

namespace Isac.Node.Tests.LocalStore;

public sealed class OutboxTests : StoreFixture
{
    private static readonly byte[] SealedBytes = [0x0a, 0x03, 0x01, 0x02, 0x03];
    private static readonly byte[] ReceiptBytes = [0x0a, 0x02, 0xff, 0xee];

    [Fact]
    public async Task Enqueue_IsPendingAndSurvivesReopening()
    {
        var id = BundleIds.New();
        var request = Samples.Request();
        await Store.EnqueueAsync(id, request, SealedBytes);

        await ReopenAsync();
        var pending = Assert.Single(await Store.ListPendingAsync());

        Assert.Equal(id, pending.Id);
        Assert.Equal(OutboxState.Pending, pending.State);
        Assert.Equal(SealedBytes, pending.Sealed);
        Assert.Equal(Start, pending.CreatedAt);
        Assert.Equal(0, pending.Attempts);
        Assert.Null(pending.Receipt);
        Assert.Null(pending.Supersedes);
        Assert.Equal(request.Kind, pending.Request.Kind);
        Assert.Equal(request.ContentType, pending.Request.ContentType);
        Assert.Equal(request.Payload, pending.Request.Payload);
        Assert.Equal(request.Label, pending.Request.Label);
        Assert.Equal(request.Audience, pending.Request.Audience);
        Assert.Equal(request.ExerciseId, pending.Request.ExerciseId);
        Assert.Null(pending.Request.ForwardOf);
    }

    [Fact]
    public async Task ListPending_IsOldestFirstAndLeavesPublishedOut()
    {
        var first = BundleIds.New();
        var second = BundleIds.New();
        var third = BundleIds.New();
        await Store.EnqueueAsync(first, Samples.Request("1"), SealedBytes);
        await Store.EnqueueAsync(second, Samples.Request("2"), SealedBytes);
        await Store.EnqueueAsync(third, Samples.Request("3"), SealedBytes);

        await Store.MarkPublishedAsync(second, ReceiptBytes);

        Assert.Equal([first, third], (await Store.ListPendingAsync()).Select(e => e.Id));
        Assert.Equal([first], (await Store.ListPendingAsync(limit: 1)).Select(e => e.Id));
    }

    [Fact]
    public async Task MarkPublished_KeepsTheFirstReceiptAndIsIdempotent()
    {
        var id = BundleIds.New();
        await Store.EnqueueAsync(id, Samples.Request(), SealedBytes);

        await Store.MarkPublishedAsync(id, ReceiptBytes);
        await Store.MarkPublishedAsync(id, [0x01]);

        var stored = await Store.GetOutboxItemAsync(id);
        Assert.Equal(OutboxState.Published, stored!.State);
        Assert.Equal(ReceiptBytes, stored.Receipt);
        Assert.Empty(await Store.ListPendingAsync());
    }

    [Fact]
    public async Task MarkAttemptFailed_TransientStaysPendingAndPermanentFails()
    {
        var transient = BundleIds.New();
        var permanent = BundleIds.New();
        await Store.EnqueueAsync(transient, Samples.Request(), SealedBytes);
        await Store.EnqueueAsync(permanent, Samples.Request(), SealedBytes);

        await Store.MarkAttemptFailedAsync(transient, "Unavailable: broker down", permanent: false);
        await Store.MarkAttemptFailedAsync(transient, "DeadlineExceeded", permanent: false);
        await Store.MarkAttemptFailedAsync(permanent, "PermissionDenied: vendors may not publish RED to communities", permanent: true);

        var retried = await Store.GetOutboxItemAsync(transient);
        var refused = await Store.GetOutboxItemAsync(permanent);
        Assert.Equal(OutboxState.Pending, retried!.State);
        Assert.Equal(2, retried.Attempts);
        Assert.Equal("DeadlineExceeded", retried.LastError);
        Assert.Equal(OutboxState.Failed, refused!.State);
        Assert.Equal(1, refused.Attempts);
        Assert.Equal([transient], (await Store.ListPendingAsync()).Select(e => e.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.MarkPublishedAsync(permanent, ReceiptBytes));
    }

    [Fact]
    public async Task Replace_SupersedesTheStaleItemAndQueuesTheResealedOne()
    {
        var oldId = BundleIds.New();
        var newId = BundleIds.New();
        byte[] resealed = [0x0a, 0x01, 0x09];
        var request = Samples.Request();
        await Store.EnqueueAsync(oldId, request, SealedBytes);
        await Store.MarkAttemptFailedAsync(oldId, "Unavailable", permanent: false);
        Time.Advance(TimeSpan.FromMinutes(20));

        var replacement = await Store.ReplaceAsync(oldId, newId, resealed);

        await ReopenAsync();
        var pending = Assert.Single(await Store.ListPendingAsync());
        Assert.Equal(newId, pending.Id);
        Assert.Equal(oldId, pending.Supersedes);
        Assert.Equal(resealed, pending.Sealed);
        Assert.Equal(request.Payload, pending.Request.Payload);
        Assert.Equal(request.Audience, pending.Request.Audience);
        Assert.Equal(0, pending.Attempts);
        Assert.Equal(Start.AddMinutes(20), pending.CreatedAt);
        Assert.Equal(replacement.Id, pending.Id);
        Assert.Equal(OutboxState.Superseded, (await Store.GetOutboxItemAsync(oldId))!.State);
    }

    [Fact]
    public async Task Replace_OfAPublishedItem_IsRefusedAndChangesNothing()
    {
        var oldId = BundleIds.New();
        await Store.EnqueueAsync(oldId, Samples.Request(), SealedBytes);
        await Store.MarkPublishedAsync(oldId, ReceiptBytes);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ReplaceAsync(oldId, BundleIds.New(), SealedBytes));

        Assert.Equal(OutboxState.Published, (await Store.GetOutboxItemAsync(oldId))!.State);
        Assert.Empty(await Store.ListPendingAsync());
    }

    [Fact]
    public async Task Replace_ToAnIdAlreadyUsed_RollsBack()
    {
        var oldId = BundleIds.New();
        var otherId = BundleIds.New();
        await Store.EnqueueAsync(oldId, Samples.Request(), SealedBytes);
        await Store.EnqueueAsync(otherId, Samples.Request(), SealedBytes);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ReplaceAsync(oldId, otherId, SealedBytes));

        Assert.Equal(OutboxState.Pending, (await Store.GetOutboxItemAsync(oldId))!.State);
        Assert.Equal(2, (await Store.ListPendingAsync()).Count);
    }

    [Fact]
    public async Task Enqueue_SameIdTwice_IsRefused()
    {
        var id = BundleIds.New();
        await Store.EnqueueAsync(id, Samples.Request(), SealedBytes);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.EnqueueAsync(id, Samples.Request("other"), SealedBytes));
    }

    [Fact]
    public async Task Enqueue_Unsealed_ThenAttachSealed_KeepsTheRequest()
    {
        var id = BundleIds.New();
        var request = Samples.Request() with { ForwardOf = BundleIds.New() };
        await Store.EnqueueAsync(id, request, sealedBundle: null);
        Assert.Null((await Store.GetOutboxItemAsync(id))!.Sealed);

        await Store.AttachSealedAsync(id, SealedBytes);

        var stored = await Store.GetOutboxItemAsync(id);
        Assert.Equal(SealedBytes, stored!.Sealed);
        Assert.Equal(request.ForwardOf, stored.Request.ForwardOf);
    }
}
