using Grpc.Core;
using Isac.Node.Brokering;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;

namespace Isac.Node.Receiving;

/// <summary>
/// The background subscription: streams the mailbox from the last stored cursor, processes each delivery (or gap)
/// durably, advances the cursor, then acks. Reconnects with exponential back-off and jitter; a delivery processed
/// twice (a crash between storing and acking) is de-duplicated by bundle id.
/// </summary>
internal sealed class SubscriptionWorker(NodeRuntime runtime, IBrokerConnection broker, DeliveryProcessor processor, InboxSignal signal, TimeProvider time, ILogger<SubscriptionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await runtime.WaitStartedAsync(stoppingToken).ConfigureAwait(false);
        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var cursor = await runtime.Store.GetCursorAsync(stoppingToken).ConfigureAwait(false);
                using var call = broker.Subscribe(cursor, stoppingToken);
                await foreach (var response in call.ResponseStream.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    backoff = FirstBackoff;
                    var sequence = response.ItemCase == V1.SubscribeResponse.ItemOneofCase.Delivery
                        ? await HandleDeliveryAsync(response.Delivery, stoppingToken).ConfigureAwait(false)
                        : await HandleGapAsync(response.Gap, stoppingToken).ConfigureAwait(false);
                    await runtime.Store.AdvanceCursorAsync(sequence, stoppingToken).ConfigureAwait(false);
                    await AckAsync(sequence, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated && ex.Status.Detail.StartsWith("token-expired:", StringComparison.Ordinal))
            {
                // The broker ends a stream when the token it was opened with expires: a routine renewal, not a
                // failure, so subscribe again at once (the token client already holds, or now gets, a fresh token).
                backoff = FirstBackoff;
                logger.SubscriptionTokenExpired();
            }
#pragma warning disable CA1031 // The subscription must outlive any failure of one connection: it logs and reconnects.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var reason = $"{ex.GetType().Name}: {ex.Message}";
                logger.SubscriptionInterrupted(reason, backoff);
            }

            var jittered = backoff * (0.5 + (Random.Shared.NextDouble() / 2));
            try
            {
                await Task.Delay(jittered, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task<ulong> HandleDeliveryAsync(V1.Delivery delivery, CancellationToken cancellationToken)
    {
        await processor.ProcessAsync(delivery, cancellationToken).ConfigureAwait(false);
        return delivery.Sequence;
    }

    private async Task<ulong> HandleGapAsync(V1.Gap gap, CancellationToken cancellationToken)
    {
        logger.GapReported(gap.FromSequence, gap.ToSequence, gap.Reason);
        await runtime.Store.AddGapAsync(new InboxGap(gap.FromSequence, gap.ToSequence, gap.Reason, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        signal.Notify();
        return gap.ToSequence;
    }

    private async Task AckAsync(ulong sequence, CancellationToken cancellationToken)
    {
        try
        {
            await broker.AckAsync(sequence, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (BrokerFailures.IsTransient(ex))
        {
            // Stored and the cursor advanced: the next ack covers this one.
            logger.AckFailed(sequence, ex.Message);
        }
    }
}
