using System.Data;
using Microsoft.Data.Sqlite;

namespace Isac.Node.LocalStore;

/// <summary>
/// The node's local state in one SQLite database in its data directory: the inbox (deduplicated by bundle id,
/// with gap markers), the outbox (persisted before anything is sent), the quarantine, the mailbox cursor and the
/// last verified directory snapshot. WAL mode with <c>synchronous=FULL</c>, so a committed write survives a
/// crash or power loss; the file is created owner-only (0600) because it holds decrypted TLP:AMBER and RED
/// plaintext. Thread-safe: each call uses its own pooled connection.
/// </summary>
internal sealed partial class NodeStore : IAsyncDisposable
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string FileName = "node.db";

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    private NodeStore(string databasePath, TimeProvider time)
    {
        DatabasePath = databasePath;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Opens (creating if needed) the store in <paramref name="dataDirectory"/> and brings its schema up to date.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer node (higher schema
    /// version): it is never downgraded.</exception>
    public static async Task<NodeStore> OpenAsync(string dataDirectory, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var databasePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        CreateOwnerOnly(dataDirectory, databasePath);

        var store = new NodeStore(databasePath, time ?? TimeProvider.System);
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>The schema version of the open database.</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadSchemaVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the data directory can be moved or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection: WAL is stored in the file, but synchronous and foreign_keys are not.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken).ConfigureAwait(false);

        while (true)
        {
            // IMMEDIATE takes the write lock at once, so two nodes opening one directory cannot both migrate.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
            var version = await ReadSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (version > NodeStoreSchema.CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"{DatabasePath} has schema version {version}, newer than this node's {NodeStoreSchema.CurrentVersion}; upgrade the node instead of downgrading the data.");
            }

            if (version == NodeStoreSchema.CurrentVersion)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            await ExecuteAsync(connection, transaction, NodeStoreSchema.Migrations[version], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ($version);", cancellationToken, ("$version", version + 1)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> ReadSchemaVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT max(version) FROM schema_version;");
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is long version ? checked((int)version) : 0;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static void CreateOwnerOnly(string dataDirectory, string databasePath)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
            return;
        }

        Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!File.Exists(databasePath))
        {
            // Created here with 0600 before SQLite opens it: SQLite would use the umask (often 0644), and it gives
            // the -wal and -shm files the database file's mode.
            try
            {
                using var _ = new FileStream(databasePath, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (File.Exists(databasePath))
            {
                // Another process created it first; its mode is its own business.
            }
        }
    }

    private static long ToDb(ulong value) => checked((long)value);

    private static ulong FromDb(long value) => checked((ulong)value);

    private static long ToDb(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    private static DateTimeOffset TimeFromDb(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
