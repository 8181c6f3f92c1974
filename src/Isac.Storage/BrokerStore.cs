using Isac.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Isac.Storage;

/// <summary>
/// All broker state over one RESP code path (StackExchange.Redis), on Redis 7 or Garnet: replay cache, bundles,
/// mailboxes, directory snapshots and audit chains. With no connection string it hosts an embedded Garnet server in
/// <see cref="StoreOptions.DataDirectory"/>. Call <see cref="StartAsync"/> (or use <see cref="ConnectAsync"/>) before use;
/// start-up refuses a store that evicts keys, cannot run Lua, or does not make writes durable.
/// </summary>
public sealed partial class BrokerStore : IReplayCache, IBundleStore, IMailboxStore, IDirectoryStore, IAuditLog, IDurabilityBarrier, IAsyncDisposable
{
    /// <summary>How many expired items one mailbox script trims at most, so a long-unread mailbox never makes one script slow.</summary>
    private const int TrimBatch = 32;

    private readonly StoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private EmbeddedGarnetServer? _embedded;
    private ConnectionMultiplexer? _connection;
    private IDatabase? _database;
    private GarnetGroupCommitter? _committer;
    private int _disposed;

    /// <summary>Creates a store; it connects in <see cref="StartAsync"/>.</summary>
    /// <param name="options">Where the state lives and how long it is kept.</param>
    /// <param name="timeProvider">The clock for retention and expiry (the system clock by default).</param>
    /// <param name="loggerFactory">Where the embedded Garnet server logs (quiet when null).</param>
    public BrokerStore(IOptions<StoreOptions> options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The engine behind the store, known after <see cref="StartAsync"/>.</summary>
    public StoreEngine Engine { get; private set; }

    /// <summary>The embedded Garnet server when the store hosts one; otherwise null.</summary>
    public EmbeddedGarnetServer? EmbeddedServer => _embedded;

    /// <summary>The options in force.</summary>
    public StoreOptions Options => _options;

    /// <summary>Creates a store and starts it.</summary>
    public static async Task<BrokerStore> ConnectAsync(StoreOptions options, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var store = new BrokerStore(Microsoft.Extensions.Options.Options.Create(options), timeProvider);
        try
        {
            await store.StartAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Validates the options, starts the embedded Garnet server if configured, connects and runs the start-up
    /// checks; throws <see cref="StoreStartupException"/> naming the problem and the fix. Idempotent.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_database is not null)
            {
                return;
            }

            try
            {
                var problems = StoreOptionsValidator.Check(_options);
                if (problems.Count > 0)
                {
                    throw new StoreStartupException(string.Join(" ", problems));
                }

                string connectionString;
                if (_options.IsEmbedded)
                {
                    _embedded = EmbeddedGarnetServer.Start(_options.DataDirectory!, _loggerFactory);
                    connectionString = _embedded.ConnectionString;
                }
                else
                {
                    connectionString = _options.ConnectionString!;
                }

                var configuration = ConfigurationOptions.Parse(connectionString);
                // CONFIG GET (start-up checks) and COMMITAOF are admin commands to StackExchange.Redis.
                configuration.AllowAdmin = true;
                configuration.ClientName ??= "isac-broker";
                try
                {
                    _connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
                }
                catch (RedisConnectionException ex)
                {
                    throw new StoreStartupException(
                        $"Cannot connect to the store at '{configuration.EndPoints.FirstOrDefault()}' ({ex.Message}). Fix: check {StoreOptions.SectionName}:{nameof(StoreOptions.ConnectionString)} and that the server is up.", ex);
                }

                var database = _connection.GetDatabase();
                Engine = await StoreStartupChecks.RunAsync(database, _options).ConfigureAwait(false);
                if (Engine == StoreEngine.Garnet)
                {
                    _committer = await GarnetGroupCommitter.StartAsync(configuration).ConfigureAwait(false);
                }

                _database = database;
            }
            catch
            {
                // Leave nothing half-started behind (a host may try again, or dispose only what it knows of).
                await StopAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task WaitDurableAsync(CancellationToken cancellationToken = default)
    {
        var database = Database;
        if (_committer is not null)
        {
            await _committer.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_options.RedisReplicas > 0)
        {
            // WAIT covers every write sent before it on this connection, and the multiplexer sends all of ours on one.
            var timeout = (long)_options.ReplicaWaitTimeout.TotalMilliseconds;
            var acknowledged = (long)await database.ExecuteAsync("WAIT", _options.RedisReplicas, timeout).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (acknowledged < _options.RedisReplicas)
            {
                throw new StoreDurabilityException($"Only {acknowledged} of {_options.RedisReplicas} Redis replicas acknowledged the writes within {_options.ReplicaWaitTimeout}.");
            }
        }

        // A single Redis with appendfsync always (checked at start-up) answered each write only after its fsync.
    }

    /// <summary>Closes the connections and stops the embedded server (its data stays on disk).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _startGate.Dispose();
    }

    private async Task StopAsync()
    {
        _database = null;
        if (_committer is not null)
        {
            await _committer.DisposeAsync().ConfigureAwait(false);
            _committer = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }

        _embedded?.Dispose();
        _embedded = null;
    }

    /// <summary>The committer's commit count, for measurements.</summary>
    internal long GroupCommits => _committer?.Commits ?? 0;

    private IDatabase Database
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _database ?? throw new InvalidOperationException("The store is not started: call StartAsync first (AddIsacStorage does it at host start).");
        }
    }

    private ISubscriber Subscriber => (_connection ?? throw new InvalidOperationException("The store is not started.")).GetSubscriber();

    private DateTimeOffset Now => _time.GetUtcNow();

    private static long ToMilliseconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMilliseconds));
}
