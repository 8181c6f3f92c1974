using Isac.Broker.Configuration;
using Isac.Broker.Diagnostics;
using Isac.Storage;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Publishing;

/// <summary>
/// Signs this broker's audit-chain head with the broker key (DESIGN.md section 5: "each broker signs its chain head
/// periodically"): every <see cref="PublishOptions.CheckpointInterval"/> when records were added since the last
/// checkpoint, and once more when the broker stops, so a verifier can tell a truncated or rewritten chain from the
/// one this broker wrote.
/// </summary>
internal sealed class AuditCheckpointer(
    IAuditLog audit,
    ReceiptSigner signer,
    IOptions<PublishOptions> options,
    IOptions<BrokerOptions> brokerOptions,
    TimeProvider time,
    ILogger<AuditCheckpointer> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ulong? _lastCheckpointed;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CheckpointIfMovedAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Stopping goes on whatever happened: the next start signs the head anyway, and the chain itself is intact.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Includes the host's shutdown timeout cancelling the write: a stop must never fail because of it.
            logger.CheckpointFailed(ex);
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    /// <summary>Writes a checkpoint when the chain grew since the last one; returns it, or null when nothing changed.</summary>
    public async Task<AuditCheckpoint?> CheckpointIfMovedAsync(CancellationToken cancellationToken)
    {
        var brokerId = brokerOptions.Value.BrokerId;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_lastCheckpointed is { } last && (await audit.ReadAuditAsync(brokerId, last + 1, 1, cancellationToken).ConfigureAwait(false)).Count == 0)
            {
                return null;
            }

            var checkpoint = await audit.WriteCheckpointAsync(brokerId, signer.Key, cancellationToken).ConfigureAwait(false);
            _lastCheckpointed = checkpoint.Sequence;
            return checkpoint;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await CheckpointIfMovedAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (PublishPipeline.IsStoreFailure(ex))
                {
                    logger.CheckpointFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
