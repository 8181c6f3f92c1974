using Google.Protobuf;
using Grpc.Core;
using Isac.Broker.Diagnostics;
using Isac.Broker.Membership;
using Isac.Broker.Publishing;
using Isac.Broker.Security;
using Isac.Broker.Subscriptions;
using Isac.Broker.Tokens;
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

    /// <summary>
    /// <c>Publish</c> as bound by <see cref="RawPublishMethodProvider"/>: parses the request itself, so that bytes that
    /// are not a <c>SealedBundle</c> are refused as <c>InvalidArgument</c> (counted and audited), not <c>Unknown</c>.
    /// </summary>
    public async Task<PublishResponse> PublishBytes(byte[] request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SealedBundle sealedBundle;
        try
        {
            sealedBundle = SealedBundle.Parser.ParseFrom(request);
        }
        catch (InvalidProtocolBufferException ex)
        {
            var refusal = new PublishRefusedException(StatusCode.InvalidArgument, "malformed", $"the request is not a SealedBundle ({ex.Message})");
            await pipeline.RecordRefusalAsync(context.GetMemberId(), new SealedBundle(), refusal, context.CancellationToken).ConfigureAwait(false);
            throw refusal.ToRpcException();
        }

        return await Publish(sealedBundle, context).ConfigureAwait(false);
    }

    public override Task Subscribe(SubscribeRequest request, IServerStreamWriter<SubscribeResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var tokenExpiresAt = context.GetHttpContext().Items[AccessTokenChecks.ExpiresAtItem] as DateTimeOffset?;
        return streamer.StreamAsync(context.GetMemberId(), request.Cursor, tokenExpiresAt, responseStream, context.CancellationToken);
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
            // The head after the ack: a node that sees it equal to acked_through knows its mailbox was drained then.
            var head = await mailboxes.GetHeadAsync(memberId, context.CancellationToken).ConfigureAwait(false);
            return new AckResponse { AckedThrough = acked, MailboxHead = head };
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
