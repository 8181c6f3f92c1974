using StackExchange.Redis;

namespace Isac.Storage.Internal;

/// <summary>
/// Group commit for Garnet: writes are answered before they reach the disk; a caller that needs them durable
/// joins the next commit. One loop takes every waiter that has arrived, issues one <c>COMMITAOF</c> (which returns
/// once the AOF up to its tail is on disk) and completes them all. A waiter's writes were answered before it
/// joined, so they are in the AOF before that commit starts: the commit covers them. While waiters keep arriving
/// the loop commits back to back (each commit takes a millisecond or two), so one flush serves many receipts.
/// <c>COMMITAOF</c> blocks the Garnet connection it runs on until the flush ends, so it has its own connection,
/// and the store's traffic never queues behind it.
/// </summary>
internal sealed class GarnetGroupCommitter : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private List<TaskCompletionSource> _waiting = [];

    private GarnetGroupCommitter(ConnectionMultiplexer connection)
    {
        _connection = connection;
        _database = connection.GetDatabase();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How many commits ran (for measurements and tests).</summary>
    public long Commits { get; private set; }

    public static async Task<GarnetGroupCommitter> StartAsync(ConfigurationOptions configuration)
    {
        var options = configuration.Clone();
        options.ClientName = (options.ClientName ?? "isac") + "-committer";
        var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        return new GarnetGroupCommitter(connection);
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool first;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            _waiting.Add(waiter);
            // The loop empties the list when it takes a batch, so the first waiter after that wakes it (also while
            // a commit is running: the loop then goes straight into the next one).
            first = _waiting.Count == 1;
        }

        if (first)
        {
            _signal.Release();
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
        }

        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        Fail(TakeWaiting(), new ObjectDisposedException(nameof(GarnetGroupCommitter), "The store was disposed before the writes were committed."));
        await _connection.DisposeAsync().ConfigureAwait(false);
        _signal.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            await _signal.WaitAsync(_stopping.Token).ConfigureAwait(false);
            var batch = TakeWaiting();
            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await _database.ExecuteAsync("COMMITAOF").ConfigureAwait(false);
                Commits++;
                foreach (var waiter in batch)
                {
                    waiter.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Fail(batch, new StoreDurabilityException("COMMITAOF failed: the writes may not be durable.", ex));
            }
        }
    }

    private List<TaskCompletionSource> TakeWaiting()
    {
        lock (_gate)
        {
            var batch = _waiting;
            _waiting = [];
            return batch;
        }
    }

    private static void Fail(List<TaskCompletionSource> waiters, Exception exception)
    {
        foreach (var waiter in waiters)
        {
            waiter.TrySetException(exception);
        }
    }
}
