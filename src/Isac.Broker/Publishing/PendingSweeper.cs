using Isac.Broker.Diagnostics;
using Isac.Broker.Membership;
using Isac.Storage;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Publishing;

/// <summary>
/// Finishes fan-outs left <c>pending</c> by a crash, so delivery never depends on the sender retrying.
/// Every step of <see cref="PublishPipeline.FinishAsync"/> is idempotent (the mailbox id index refuses a
/// second copy), so sweeping a publish that is in fact still running is harmless.
/// </summary>
internal sealed class PendingSweeper(
    IReplayCache replay,
    PublishValidator validator,
    PublishPipeline pipeline,
    BrokerDirectory directory,
    IOptions<PublishOptions> options,
    TimeProvider time,
    ILogger<PendingSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.SweepFailed(ex);
            }
        }
    }

    /// <summary>Finishes every publish pending for longer than the sweep age; returns how many it finished.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        if (!directory.IsLoaded)
        {
            return 0;
        }

        var finished = 0;
        var pending = await replay.ListPendingAsync(time.GetUtcNow() - options.Value.SweepAfter, 100, cancellationToken).ConfigureAwait(false);
        foreach (var item in pending)
        {
            try
            {
                var validated = validator.Revalidate(SealedBundle.Parser.ParseFrom(item.SealedBundle));
                await pipeline.FinishAsync(validated, cancellationToken).ConfigureAwait(false);
                finished++;
                logger.SweepFinished(Isac.Core.Envelope.BundleIds.ToText(item.BundleId), item.SenderMemberId);
            }
            catch (PublishRefusedException refusal)
            {
                // Accepted once, refused now (e.g. the sender was revoked since): left to expire with its replay record.
                logger.SweepInvalid(Isac.Core.Envelope.BundleIds.ToText(item.BundleId), item.SenderMemberId, refusal.Reason, refusal.Message);
            }
        }

        return finished;
    }
}
