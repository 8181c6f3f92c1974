using Isac.Broker.Diagnostics;

namespace Isac.Broker.Membership;

/// <summary>
/// Loads (and if needed issues) the directory before the broker accepts calls — the host does not start with
/// a snapshot that fails verification — then keeps it fresh: roster changes, re-issue before expiry, and
/// snapshots stored by other replicas.
/// </summary>
internal sealed class DirectoryMaintenance(DirectoryIssuer issuer, Microsoft.Extensions.Options.IOptions<DirectoryOptions> options, ILogger<DirectoryMaintenance> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await issuer.SyncAsync(cancellationToken).ConfigureAwait(false);
        _loop = RunAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await issuer.SyncAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Keep serving the last verified snapshot; the next tick tries again.
                    logger.DirectoryRefreshFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
