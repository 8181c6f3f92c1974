using Microsoft.Data.Sqlite;

namespace Isac.Node.Taxii;

internal sealed partial class TaxiiIndex
{
    private const string Schema =
        """
        CREATE TABLE IF NOT EXISTS objects (
            position      INTEGER PRIMARY KEY AUTOINCREMENT,
            label         INTEGER NOT NULL,
            stix_id       TEXT NOT NULL,
            type          TEXT NOT NULL,
            spec_version  TEXT NOT NULL,
            version       TEXT NOT NULL,
            version_us    INTEGER NOT NULL,
            date_added_us INTEGER NOT NULL,
            json          TEXT NOT NULL,
            UNIQUE (label, stix_id, version_us)
        );
        CREATE INDEX IF NOT EXISTS objects_label ON objects (label, position);
        CREATE TABLE IF NOT EXISTS sync (
            id             INTEGER PRIMARY KEY CHECK (id = 1),
            inbox_position INTEGER NOT NULL,
            last_added_us  INTEGER NOT NULL
        );
        INSERT OR IGNORE INTO sync (id, inbox_position, last_added_us) VALUES (1, 0, 0);
        CREATE TABLE IF NOT EXISTS status (
            id         TEXT PRIMARY KEY,
            user_name  TEXT NOT NULL,
            bundle_id  BLOB,
            body       TEXT NOT NULL
        );
        """;

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_connectionString is null)
        {
            var directory = Path.GetFullPath(options.Value.DataDirectory!);
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, FileName);
            if (!OperatingSystem.IsWindows() && !File.Exists(path))
            {
                // Owner-only before SQLite creates it: it holds decrypted TLP:AMBER and RED objects.
                using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
            }

            var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
            await using (var setup = new SqliteConnection(connectionString))
            {
                await setup.OpenAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(setup, null, "PRAGMA journal_mode = WAL;" + Schema, cancellationToken).ConfigureAwait(false);
            }

            _connectionString = connectionString;
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static async Task<(long InboxPosition, long LastAdded)> ReadSyncStateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, "SELECT inbox_position, last_added_us FROM sync WHERE id = 1;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1));
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
}
