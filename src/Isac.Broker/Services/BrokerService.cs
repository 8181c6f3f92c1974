using Grpc.Core;
using Isac.Broker.Diagnostics;
using Isac.Broker.Membership;
using Isac.Broker.Publishing;
using Isac.Broker.Security;
using Isac.Broker.Subscriptions;
using Isac.Storage;
using Isac.V1;

namespace Isac.Broker.Services;

/// <summary>The broker's gRPC surface; every call is authenticated by the member's hub-CA client certificate.</summary>
internal sealed class BrokerService(PublishPipeline pipeline, MailboxStreamer streamer, IMailboxStore mailboxes, DeliveryTracker tracker, BrokerDirectory directory, BrokerMetrics metrics) : V1.Broker.BrokerBase
{
    public override async Task<PublishResponse> Publish(SealedBundle request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var memberId = context.GetMemberId();
        try
        {
            var receipt = await pipeline.PublishAsync(memberId, request, context.CancellationToken).ConfigureAwait(false);
            return new PublishResponse { Receipt = receipt };
        }
        catch (PublishRefusedException refusal)
        {
            throw refusal.ToRpcException();
        }
    }

    public override Task Subscribe(SubscribeRequest request, IServerStreamWriter<SubscribeResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return streamer.StreamAsync(context.GetMemberId(), request.Cursor, responseStream, context.CancellationToken);
    }

    public override async Task<AckResponse> Ack(AckRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var memberId = context.GetMemberId();
        if (directory.Current.FindActive(memberId) is null)
        {
            metrics.Refused("subscriber-revoked");
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"subscriber-revoked: '{memberId}' is revoked or not an active member"));
        }

        try
        {
            var acked = await mailboxes.AckAsync(memberId, request.Cursor, tracker.DeliveredThrough(memberId), context.CancellationToken).ConfigureAwait(false);
            return new AckResponse { AckedThrough = acked };
        }
        catch (Exception ex) when (PublishPipeline.IsStoreFailure(ex))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "store-unavailable: the broker's store is unavailable; ack again later"));
        }
    }

    public override Task<SignedDirectorySnapshot> GetDirectory(GetDirectoryRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _ = context.GetMemberId();
        return Task.FromResult(SignedDirectorySnapshot.Parser.ParseFrom(directory.Current.SignedSnapshotBytes.Span));
    }
}
