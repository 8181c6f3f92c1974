using Isac.Node.Hosting;

namespace Isac.Node.Publishing;

/// <summary>
/// Sends what waits in the outbox: at start-up (items left by a previous run), when woken by a queued publish,
/// and on a back-off while the broker is unreachable.
/// </summary>
internal sealed class OutboxWorker(NodeRuntime runtime, OutboxProcessor outbox, TimeProvider time, ILogger<OutboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await runtime.WaitStartedAsync(stoppingToken).ConfigureAwait(false);
        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var drained = await outbox.FlushAsync(stoppingToken).ConfigureAwait(false);
                wait = drained ? Idle : backoff;
                backoff = drained ? FirstBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The outbox worker must outlive any failed pass: the items stay persisted and pending.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.OutboxPassFailed(ex);
                wait = backoff;
            }

            try
            {
                if (wait == Idle)
                {
                    await outbox.WaitForWorkAsync(wait, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
