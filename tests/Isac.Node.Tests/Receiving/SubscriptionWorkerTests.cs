using Google.Protobuf;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Node.LocalStore;
using Isac.Node.Receiving;
using Isac.Node.Tests.Support;
using Isac.V1;
using Microsoft.Extensions.Logging.Abstractions;
using static Isac.Node.Tests.Support.NodeWorld;

namespace Isac.Node.Tests.Receiving;

public sealed class SubscriptionWorkerTests : IAsyncLifetime, IDisposable
{
    private readonly NodeWorld _world = new();
    private NodeParts _ohio = null!;

    public async Task InitializeAsync()
    {
        _ohio = await _world.NodeAsync(Ohio);
        await _ohio.UseDirectoryAsync(_world.Snapshot(1));
    }

    public async Task DisposeAsync() => await _ohio.DisposeAsync();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Subscription_DeliveriesAndAGapAcrossAReconnect_AreStoredOnceWithAGapMarkerAndAcked()
    {
        var first = Seal("first");
        var second = Seal("second");
        // First connection: a delivery, then the stream breaks. The second resumes from the stored cursor and gets a
        // redelivery of the first (at-least-once), a gap, and the second bundle.
        _ohio.Broker.Streams.Enqueue([Item(DeliveryFor(first, Ohio, 1))]);
        _ohio.Broker.Streams.Enqueue([Item(DeliveryFor(first, Ohio, 1)), new SubscribeResponse { Gap = new Gap { FromSequence = 2, ToSequence = 4, Reason = "Expired" } }, Item(DeliveryFor(second, Ohio, 5))]);

        var worker = new SubscriptionWorker(_ohio.Runtime, _ohio.Broker, _ohio.Deliveries, new InboxSignal(), TimeProvider.System, NullLogger<SubscriptionWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(async () => await _ohio.Store.GetCursorAsync() == 5);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
            worker.Dispose();
        }

        var inbox = await _ohio.Store.ListInboxAsync(InboxFilter.All with { IncludeContent = true });
        Assert.Equal(3, inbox.Count);
        Assert.Equal(["second", "first"], inbox.Where(e => !e.IsGap).Select(e => System.Text.Encoding.UTF8.GetString(e.Bundle!.Payload!)));
        var gap = Assert.Single(inbox, e => e.IsGap).Gap!;
        Assert.Equal((2ul, 4ul, "Expired"), (gap.FromSequence, gap.ToSequence, gap.Reason));
        Assert.Equal([0ul, 1ul], _ohio.Broker.SubscribedFrom.Take(2));
        Assert.Contains(5ul, _ohio.Broker.Acks);
    }

    private static SubscribeResponse Item(Delivery delivery) => new() { Delivery = delivery };

    private SealedBundle Seal(string text)
    {
        var bundle = new Bundle { Kind = BundleKind.Advisory, ContentType = "text/markdown", Payload = ByteString.CopyFromUtf8(text) };
        return new Sealer(Cert, _world.Members[Cert].Signing, _world.Time).Seal(
            new SealRequest(bundle, Tlp.Amber, new V1.Audience { Members = { Ohio } }, [_world.Members[Ohio].Member], 1));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // Progress, not timing, is under test: the bound only keeps a broken worker from hanging the run.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!await condition())
        {
            await Task.Delay(20, bound.Token);
        }
    }
}
