using Grpc.Core;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;
using Isac.Node.Publishing;
using Isac.Node.Receiving;
using Isac.V1;

namespace Isac.Node.Api;

/// <summary>The local API for the member's own tools (loopback only). It offers no way to re-publish received content as new.</summary>
internal sealed class NodeApiService(NodeRuntime runtime, NodePublisher publisher, InboxSignal signal) : V1.Node.NodeBase
{
    private const int WatchBatch = 100;
    private static readonly TimeSpan WatchPoll = TimeSpan.FromSeconds(5);

    public override Task<NodePublishResponse> Publish(NodePublishRequest request, ServerCallContext context) =>
        Refusals(() => publisher.PublishAsync(request, context.CancellationToken));

    public override Task<NodePublishResponse> Forward(NodeForwardRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.BundleId.Length != 16)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "bundle_id must be the 16-byte id of an inbox bundle"));
        }

        return Refusals(() => publisher.ForwardAsync(request, context.CancellationToken));
    }

    public override async Task<ListInboxResponse> ListInbox(ListInboxRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        Tlp? label = null;
        if (request.Tlp != TlpLabel.Unspecified)
        {
            label = TlpLabels.TryFromWire(request.Tlp, out var l) ? l : throw new RpcException(new Status(StatusCode.InvalidArgument, $"tlp {(int)request.Tlp} is not a TLP label"));
        }

        if (request.Limit > InboxFilter.MaxLimit)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"limit must be at most {InboxFilter.MaxLimit}"));
        }

        var filter = new InboxFilter(
            Label: label,
            Kind: request.Kind == BundleKind.Unspecified ? null : request.Kind,
            Sender: string.IsNullOrEmpty(request.Sender) ? null : request.Sender,
            Since: request.SinceMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(request.SinceMs) : null,
            Limit: request.Limit == 0 ? InboxFilter.DefaultLimit : (int)request.Limit,
            IncludeContent: true);
        var rows = await runtime.Store.ListInboxAsync(filter, context.CancellationToken).ConfigureAwait(false);
        var response = new ListInboxResponse();
        response.Items.AddRange(rows.Select(InboxItems.ToItem));
        return response;
    }

    public override async Task<InboxItem> GetItem(GetItemRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var entry = await runtime.Store.GetInboxItemAsync(request.BundleId.ToByteArray(), context.CancellationToken).ConfigureAwait(false);
        return entry is null
            ? throw new RpcException(new Status(StatusCode.NotFound, $"bundle {BundleIds.ToText(request.BundleId.Span)} is not in the inbox"))
            : InboxItems.ToItem(entry);
    }

    public override async Task WatchInbox(WatchInboxRequest request, IServerStreamWriter<InboxItem> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var position = checked((long)request.AfterPosition);
        var cancellationToken = context.CancellationToken;
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = signal.Next; // taken before reading, so a row added meanwhile still wakes us
            var rows = await runtime.Store.ListInboxAfterAsync(position, WatchBatch, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                await responseStream.WriteAsync(InboxItems.ToItem(row), cancellationToken).ConfigureAwait(false);
                position = row.Position;
            }

            if (rows.Count < WatchBatch)
            {
                try
                {
                    await next.WaitAsync(WatchPoll, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Poll anyway: a safety net, the signal is the fast path.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public override async Task<ListQuarantineResponse> ListQuarantine(ListQuarantineRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var limit = request.Limit == 0 ? InboxFilter.DefaultLimit : (int)Math.Min(request.Limit, InboxFilter.MaxLimit);
        var rows = await runtime.Store.ListQuarantineAsync(limit, context.CancellationToken).ConfigureAwait(false);
        var response = new ListQuarantineResponse();
        response.Items.AddRange(rows.Select(q => new QuarantinedItem
        {
            Sequence = q.Sequence,
            Reason = q.Reason,
            Error = q.Message,
            ReceivedAtMs = q.ReceivedAt.ToUnixTimeMilliseconds(),
            Delivery = Google.Protobuf.ByteString.CopyFrom(q.Delivery),
        }));
        return response;
    }

    private static async Task<T> Refusals<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (NodeRefusalException refusal)
        {
            throw refusal.ToRpcException();
        }
    }
}
