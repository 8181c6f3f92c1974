using System.Data;
using Isac.Core.Membership;
using Microsoft.Data.Sqlite;

namespace Isac.Node.LocalStore;

internal sealed partial class NodeStore
{
    /// <summary>Quarantines a delivery that failed verification. A redelivery of the same sequence is ignored.</summary>
    /// <returns>True if added, false if that mailbox sequence was already quarantined.</returns>
    public async Task<bool> TryAddQuarantineAsync(QuarantineEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var added = await ExecuteAsync(
            connection,
            null,
            """
            INSERT INTO quarantine (mailbox_sequence, reason, message, received_at_ms, delivery)
            VALUES ($sequence, $reason, $message, $receivedAt, $delivery)
            ON CONFLICT (mailbox_sequence) DO NOTHING;
            """,
            cancellationToken,
            ("$sequence", ToDb(entry.Sequence)),
            ("$reason", entry.Reason),
            ("$message", entry.Message),
            ("$receivedAt", ToDb(entry.ReceivedAt)),
            ("$delivery", entry.Delivery)).ConfigureAwait(false);
        return added == 1;
    }

    /// <summary>Quarantined deliveries, newest first.</summary>
    public async Task<IReadOnlyList<QuarantineEntry>> ListQuarantineAsync(int limit = InboxFilter.DefaultLimit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(
            connection, null,
            "SELECT mailbox_sequence, reason, message, received_at_ms, delivery FROM quarantine ORDER BY local_id DESC LIMIT $limit;",
            ("$limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<QuarantineEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new QuarantineEntry(FromDb(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), TimeFromDb(reader.GetInt64(3)), Blob(reader, 4)!));
        }

        return entries;
    }

    /// <summary>The last mailbox sequence this node acknowledged; 0 before the first.</summary>
    public async Task<ulong> GetCursorAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT mailbox_sequence FROM cursor WHERE id = 1;");
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is long sequence ? FromDb(sequence) : 0;
    }

    /// <summary>
    /// Advances the cursor to <paramref name="sequence"/>. It never moves back: a lower value (a late, re-ordered
    /// call) leaves the stored one.
    /// </summary>
    /// <returns>The cursor after the call.</returns>
    public async Task<ulong> AdvanceCursorAsync(ulong sequence, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(
            connection,
            null,
            """
            INSERT INTO cursor (id, mailbox_sequence) VALUES (1, $sequence)
            ON CONFLICT (id) DO UPDATE SET mailbox_sequence = max(mailbox_sequence, excluded.mailbox_sequence)
            RETURNING mailbox_sequence;
            """,
            ("$sequence", ToDb(sequence)));
        return FromDb((long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    /// <summary>The last verified directory snapshot, or null before the first.</summary>
    public async Task<StoredDirectory?> GetDirectoryAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadDirectoryAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a verified snapshot and its version mark. Defence in depth behind the verifier's own check: a lower
    /// version, or the same version with other bytes, is refused, so the stored mark never goes back.
    /// </summary>
    /// <exception cref="InvalidOperationException">The snapshot would roll the stored directory back.</exception>
    public async Task SaveDirectoryAsync(StoredDirectory directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        var current = await ReadDirectoryAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current is not null)
        {
            if (directory.Mark.Version < current.Mark.Version)
            {
                throw new InvalidOperationException($"directory version {directory.Mark.Version} is older than the stored version {current.Mark.Version}");
            }

            if (directory.Mark.Version == current.Mark.Version && !string.Equals(directory.Mark.SnapshotSha256, current.Mark.SnapshotSha256, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"directory version {directory.Mark.Version} differs from the stored snapshot of the same version");
            }
        }

        await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO directory (id, version, snapshot_sha256, signed_snapshot) VALUES (1, $version, $sha256, $snapshot)
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, snapshot_sha256 = excluded.snapshot_sha256,
                                           signed_snapshot = excluded.signed_snapshot;
            """,
            cancellationToken,
            ("$version", ToDb(directory.Mark.Version)),
            ("$sha256", directory.Mark.SnapshotSha256),
            ("$snapshot", directory.SignedSnapshot)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredDirectory?> ReadDirectoryAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT version, snapshot_sha256, signed_snapshot FROM directory WHERE id = 1;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredDirectory(new DirectoryVersionMark(FromDb(reader.GetInt64(0)), reader.GetString(1)), Blob(reader, 2)!);
    }
}
