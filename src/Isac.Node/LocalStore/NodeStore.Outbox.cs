using System.Data;
using Isac.Core.Labels;
using Isac.V1;
using Microsoft.Data.Sqlite;

namespace Isac.Node.LocalStore;

internal sealed partial class NodeStore
{
    private const string OutboxColumns =
        "id, state, kind, content_type, payload, label, audience, exercise_id, forward_of, sealed, created_at_ms, " +
        "attempts, last_error, receipt, supersedes";

    /// <summary>
    /// Persists a publish request as <see cref="OutboxState.Pending"/>, sealed or not yet sealed. Call this BEFORE
    /// sending: once it returns, the item survives a crash and the sender delivers it later.
    /// </summary>
    /// <exception cref="InvalidOperationException">An item with this id is already in the outbox.</exception>
    public async Task<OutboxEntry> EnqueueAsync(byte[] id, OutboxRequest request, byte[]? sealedBundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var entry = new OutboxEntry(id, request, sealedBundle, OutboxState.Pending, _time.GetUtcNow(), 0, null, null, null);
        await InsertOutboxAsync(connection, null, entry, cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Stores the sealed bytes of an item enqueued unsealed (e.g. while the directory was stale).</summary>
    /// <exception cref="InvalidOperationException">No pending item has this id.</exception>
    public async Task AttachSealedAsync(byte[] id, byte[] sealedBundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(sealedBundle);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await ExecuteAsync(
            connection, null, "UPDATE outbox SET sealed = $sealed WHERE id = $id AND state = $pending;", cancellationToken,
            ("$sealed", sealedBundle), ("$id", id), ("$pending", (int)OutboxState.Pending)).ConfigureAwait(false);
        RequireOne(changed, id, "attach sealed bytes to");
    }

    /// <summary>Pending items, oldest first.</summary>
    public Task<IReadOnlyList<OutboxEntry>> ListPendingAsync(int limit = InboxFilter.DefaultLimit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return QueryOutboxAsync(
            $"SELECT {OutboxColumns} FROM outbox WHERE state = $pending ORDER BY queue_position ASC LIMIT $limit;",
            [("$pending", (int)OutboxState.Pending), ("$limit", limit)],
            cancellationToken);
    }

    /// <summary>The outbox item with <paramref name="id"/>, in any state; null if absent.</summary>
    public async Task<OutboxEntry?> GetOutboxItemAsync(byte[] id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var rows = await QueryOutboxAsync($"SELECT {OutboxColumns} FROM outbox WHERE id = $id;", [("$id", id)], cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// Marks a pending item published with the broker's signed receipt. Idempotent: a second call for a published
    /// item changes nothing (a retried publish gets the original receipt back from the broker).
    /// </summary>
    /// <exception cref="InvalidOperationException">No pending or published item has this id.</exception>
    public async Task MarkPublishedAsync(byte[] id, byte[] receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(receipt);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await ExecuteAsync(
            connection,
            null,
            """
            UPDATE outbox SET state = $published, receipt = coalesce(receipt, $receipt), last_error = NULL
            WHERE id = $id AND state IN ($pending, $published);
            """,
            cancellationToken,
            ("$published", (int)OutboxState.Published),
            ("$pending", (int)OutboxState.Pending),
            ("$receipt", receipt),
            ("$id", id)).ConfigureAwait(false);
        RequireOne(changed, id, "mark published");
    }

    /// <summary>
    /// Records a failed attempt. A transient failure (broker unreachable) leaves the item pending; a permanent one
    /// (the broker refused the bundle) moves it to <see cref="OutboxState.Failed"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No pending item has this id.</exception>
    public async Task MarkAttemptFailedAsync(byte[] id, string error, bool permanent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrEmpty(error);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await ExecuteAsync(
            connection,
            null,
            "UPDATE outbox SET attempts = attempts + 1, last_error = $error, state = $state WHERE id = $id AND state = $pending;",
            cancellationToken,
            ("$error", error),
            ("$state", (int)(permanent ? OutboxState.Failed : OutboxState.Pending)),
            ("$id", id),
            ("$pending", (int)OutboxState.Pending)).ConfigureAwait(false);
        RequireOne(changed, id, "record an attempt for");
    }

    /// <summary>
    /// Replaces a stale pending item by the same request sealed again under <paramref name="newId"/>, which
    /// supersedes the old id (recipients that did get the old bundle then treat the new one as its replacement).
    /// In one transaction: the old item becomes <see cref="OutboxState.Superseded"/>, the new one pending.
    /// </summary>
    /// <exception cref="InvalidOperationException">No pending item has <paramref name="oldId"/>, or
    /// <paramref name="newId"/> is already used.</exception>
    public async Task<OutboxEntry> ReplaceAsync(byte[] oldId, byte[] newId, byte[] newSealed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(oldId);
        ArgumentNullException.ThrowIfNull(newId);
        ArgumentNullException.ThrowIfNull(newSealed);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);

        var old = await QueryOutboxAsync(connection, transaction, $"SELECT {OutboxColumns} FROM outbox WHERE id = $id;", [("$id", oldId)], cancellationToken).ConfigureAwait(false);
        if (old.Count == 0 || old[0].State != OutboxState.Pending)
        {
            throw new InvalidOperationException($"outbox item {Convert.ToHexStringLower(oldId)} is not pending; only a pending item can be re-sealed");
        }

        await ExecuteAsync(
            connection, transaction, "UPDATE outbox SET state = $superseded WHERE id = $id;", cancellationToken,
            ("$superseded", (int)OutboxState.Superseded), ("$id", oldId)).ConfigureAwait(false);
        var replacement = new OutboxEntry(newId, old[0].Request, newSealed, OutboxState.Pending, _time.GetUtcNow(), 0, null, null, oldId);
        await InsertOutboxAsync(connection, transaction, replacement, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return replacement;
    }

    private static async Task InsertOutboxAsync(SqliteConnection connection, SqliteTransaction? transaction, OutboxEntry entry, CancellationToken cancellationToken)
    {
        var request = entry.Request;
        try
        {
            await ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO outbox (id, state, kind, content_type, payload, label, audience, exercise_id, forward_of, sealed,
                                    created_at_ms, attempts, supersedes)
                VALUES ($id, $state, $kind, $contentType, $payload, $label, $audience, $exerciseId, $forwardOf, $sealed,
                        $createdAt, $attempts, $supersedes);
                """,
                cancellationToken,
                ("$id", entry.Id),
                ("$state", (int)entry.State),
                ("$kind", (int)request.Kind),
                ("$contentType", request.ContentType),
                ("$payload", request.Payload),
                ("$label", (int)request.Label),
                ("$audience", AudienceToBytes(request.Audience)),
                ("$exerciseId", request.ExerciseId),
                ("$forwardOf", request.ForwardOf),
                ("$sealed", entry.Sealed),
                ("$createdAt", ToDb(entry.CreatedAt)),
                ("$attempts", entry.Attempts),
                ("$supersedes", entry.Supersedes)).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the id is taken.
        {
            throw new InvalidOperationException($"outbox item {Convert.ToHexStringLower(entry.Id)} already exists", e);
        }
    }

    private async Task<IReadOnlyList<OutboxEntry>> QueryOutboxAsync(string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await QueryOutboxAsync(connection, null, sql, parameters, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<OutboxEntry>> QueryOutboxAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<OutboxEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var request = new OutboxRequest(
                Kind: (BundleKind)reader.GetInt32(2),
                ContentType: reader.GetString(3),
                Payload: Blob(reader, 4)!,
                Label: (Tlp)reader.GetInt32(5),
                Audience: AudienceFromBytes(Blob(reader, 6)!),
                ExerciseId: reader.GetString(7),
                ForwardOf: Blob(reader, 8));
            entries.Add(new OutboxEntry(
                Id: Blob(reader, 0)!,
                Request: request,
                Sealed: Blob(reader, 9),
                State: (OutboxState)reader.GetInt32(1),
                CreatedAt: TimeFromDb(reader.GetInt64(10)),
                Attempts: reader.GetInt32(11),
                LastError: reader.IsDBNull(12) ? null : reader.GetString(12),
                Receipt: Blob(reader, 13),
                Supersedes: Blob(reader, 14)));
        }

        return entries;
    }

    private static void RequireOne(int changed, byte[] id, string action)
    {
        if (changed != 1)
        {
            throw new InvalidOperationException($"cannot {action} outbox item {Convert.ToHexStringLower(id)}: no such item in a state that allows it");
        }
    }
}
