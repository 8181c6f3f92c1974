using Grpc.Core;
using Isac.Broker.Diagnostics;
using Isac.Broker.Membership;
using Isac.Broker.Publishing;
using Isac.Core.Membership;
using Isac.Storage;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Subscriptions;

/// <summary>
/// <c>Subscribe</c>: the caller's mailbox after its cursor, then live (pub/sub wake-ups, with a slow poll as a
/// safety net), each delivery carrying only the caller's own entry and proof and the broker's signed receipt
/// (a delivery is never streamed without one; one whose publish can no longer be finished is sent as a gap); expired data is sent as an
/// explicit <see cref="Gap"/>. A revocation closes the stream at once, and the expiry of the access token it was
/// opened with closes it too (the node subscribes again with its renewed token). When the broker stops, open streams end
/// with <c>Unavailable</c> (the node reconnects, to this broker after its restart or to another replica) rather
/// than holding the shutdown until its timeout.
/// </summary>
internal sealed class MailboxStreamer(
    IMailboxStore mailboxes,
    BrokerDirectory directory,
    DeliveryTracker tracker,
    BrokerMetrics metrics,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    IOptions<PublishOptions> publishOptions,
    ILogger<MailboxStreamer> logger)
{
    /// <summary>The gap reason for a delivery whose publish was never finished (no receipt can come any more).</summary>
    public const string UnfinishedReason = "Unfinished";

    private const int BatchSize = 256;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    /// <param name="memberId">The caller.</param>
    /// <param name="cursor">The last sequence the caller has.</param>
    /// <param name="tokenExpiresAt">When the caller's access token expires: the stream ends then with <c>Unauthenticated</c>
    /// (<c>token-expired</c>), so a stream lives no longer than the token it was opened with; null: no limit.</param>
    /// <param name="stream">The response stream.</param>
    /// <param name="cancellationToken">The call's cancellation.</param>
    public async Task StreamAsync(string memberId, ulong cursor, DateTimeOffset? tokenExpiresAt, IServerStreamWriter<SubscribeResponse> stream, CancellationToken cancellationToken)
    {
        if (!IsActive(directory.Current, memberId))
        {
            metrics.Refused("subscriber-revoked");
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"subscriber-revoked: '{memberId}' is revoked or not an active member"));
        }

        var stopping = lifetime.ApplicationStopping;
        using var expiry = tokenExpiresAt is { } expiresAt
            ? new CancellationTokenSource(Max(expiresAt - time.GetUtcNow(), TimeSpan.Zero), time)
            : new CancellationTokenSource();
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping, expiry.Token);
        var wasRevoked = 0;
        void OnChanged(VerifiedDirectory current)
        {
            if (!IsActive(current, memberId))
            {
                Interlocked.Exchange(ref wasRevoked, 1);
                closing.Cancel();
            }
        }

        using var wake = new SemaphoreSlim(0);
        directory.Changed += OnChanged;
        try
        {
            await using var subscription = await mailboxes.SubscribeAsync(memberId, () => wake.Release(), cancellationToken).ConfigureAwait(false);
            logger.Subscribed(memberId, cursor);
            while (true)
            {
                var items = await mailboxes.ReadAsync(memberId, cursor, BatchSize, closing.Token).ConfigureAwait(false);
                var held = false;
                foreach (var item in items)
                {
                    if (item is MailboxDelivery { Receipt: null } abandoned && time.GetUtcNow() >= GiveUpAt(abandoned))
                    {
                        // Its publish can no longer be finished (the replay record has expired, so neither a retry
                        // nor the sweeper will sign a receipt): say so with an explicit gap rather than holding the
                        // rest of the mailbox behind it for ever.
                        logger.DeliveryAbandonedWithoutReceipt(memberId, abandoned.Sequence);
                        await stream.WriteAsync(new SubscribeResponse { Gap = new Gap { FromSequence = abandoned.Sequence, ToSequence = abandoned.Sequence, Reason = UnfinishedReason } }, closing.Token).ConfigureAwait(false);
                        cursor = abandoned.Sequence;
                        tracker.Delivered(memberId, cursor);
                        continue;
                    }

                    if (item is MailboxDelivery { Receipt: null } unreceipted)
                    {
                        // Never stream a delivery without the broker's receipt: the node could not apply the
                        // revocation cut-off. The pipeline attaches the receipt right after the fan-out and wakes the
                        // recipients (after a crash, the sweeper does), so wait for that wake-up and read again.
                        if (logger.IsEnabled(LogLevel.Debug))
                        {
                            logger.DeliveryHeldWithoutReceipt(memberId, unreceipted.Sequence);
                        }

                        held = true;
                        break;
                    }

                    await stream.WriteAsync(ToResponse(item), closing.Token).ConfigureAwait(false);
                    cursor = item.LastSequence;
                    tracker.Delivered(memberId, cursor);
                }

                if (held || items.Count < BatchSize)
                {
                    await wake.WaitAsync(PollInterval, closing.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (Volatile.Read(ref wasRevoked) == 1 && !cancellationToken.IsCancellationRequested)
        {
            metrics.Refused("subscriber-revoked");
            logger.StreamClosedRevoked(memberId);
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"subscriber-revoked: '{memberId}' was revoked"));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "broker-stopping: this broker is shutting down; reconnect to resume from your cursor"));
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.StreamClosedTokenExpired(memberId);
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"token-expired: the access token this stream was opened with expired at {tokenExpiresAt:O}; subscribe again with a new token to resume from your cursor"));
        }
        finally
        {
            directory.Changed -= OnChanged;
        }
    }

    // A publish stays finishable while its replay record lives (created-at + max age + skew, and created-at is at
    // most one skew after acceptance); two sweep intervals more let a sweep that started in time attach its receipt.
    private DateTimeOffset GiveUpAt(MailboxDelivery delivery)
    {
        var settings = publishOptions.Value;
        return delivery.AcceptedAt + settings.MaxAge + (2 * settings.MaxSkew) + (2 * settings.SweepInterval);
    }

    private static TimeSpan Max(TimeSpan left, TimeSpan right) => left > right ? left : right;

    private static bool IsActive(VerifiedDirectory current, string memberId) => current.FindActive(memberId) is not null;

    private static SubscribeResponse ToResponse(MailboxItem item) => item switch
    {
        MailboxDelivery delivery => new SubscribeResponse
        {
            Delivery = new Delivery
            {
                Header = Google.Protobuf.ByteString.CopyFrom(delivery.Header),
                Signature = Google.Protobuf.ByteString.CopyFrom(delivery.Signature),
                Entry = Google.Protobuf.ByteString.CopyFrom(delivery.RecipientEntry),
                Proof = delivery.MerkleProof.Length == 0 ? null : MerkleProof.Parser.ParseFrom(delivery.MerkleProof),
                Ciphertext = Google.Protobuf.ByteString.CopyFrom(delivery.Ciphertext),
                Sequence = delivery.Sequence,
                Receipt = SignedReceipt.Parser.ParseFrom(delivery.Receipt),
            },
        },
        MailboxGap gap => new SubscribeResponse
        {
            Gap = new Gap { FromSequence = gap.FromSequence, ToSequence = gap.ToSequence, Reason = gap.Reason.ToString() },
        },
        _ => throw new InvalidOperationException($"Unknown mailbox item {item.GetType().Name}."),
    };
}
