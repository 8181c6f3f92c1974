using System.Text;
using Google.Protobuf;
using Isac.Core.Labels;
using Isac.V1;
using Microsoft.Data.Sqlite;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.Node.LocalStore;

internal sealed partial class NodeStore
{
    private const int BundleEntry = 1;
    private const int GapEntry = 2;

    private const string MetadataColumns =
        "position, entry_type, bundle_id, sender, label, kind, content_type, exercise_id, audience, created_at_ms, " +
        "received_at_ms, supersedes, forwarded_from_sender, mailbox_sequence, gap_from, gap_to, gap_reason";

    private const string ContentColumns = MetadataColumns + ", payload, delivery";

    /// <summary>
    /// Adds a verified bundle to the inbox unless one with the same id is already there: deliveries are
    /// at-least-once, so a second copy is expected and ignored.
    /// </summary>
    /// <returns>True if added, false for a duplicate id.</returns>
    public async Task<bool> TryAddInboxAsync(InboxBundle bundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Payload is null || bundle.Delivery is null)
        {
            throw new ArgumentException("An inbox bundle is stored with its payload and delivery bytes.", nameof(bundle));
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var added = await ExecuteAsync(
            connection,
            null,
            """
            INSERT INTO inbox (entry_type, bundle_id, sender, label, kind, content_type, payload, exercise_id, audience,
                               created_at_ms, received_at_ms, supersedes, forwarded_from_sender, mailbox_sequence, delivery)
            VALUES ($type, $id, $sender, $label, $kind, $contentType, $payload, $exerciseId, $audience,
                    $createdAt, $receivedAt, $supersedes, $forwardedFrom, $sequence, $delivery)
            ON CONFLICT (bundle_id) DO NOTHING;
            """,
            cancellationToken,
            ("$type", BundleEntry),
            ("$id", bundle.BundleId),
            ("$sender", bundle.Sender),
            ("$label", (int)bundle.Label),
            ("$kind", (int)bundle.Kind),
            ("$contentType", bundle.ContentType),
            ("$payload", bundle.Payload),
            ("$exerciseId", bundle.ExerciseId),
            ("$audience", AudienceToBytes(bundle.Audience)),
            ("$createdAt", ToDb(bundle.CreatedAt)),
            ("$receivedAt", ToDb(bundle.ReceivedAt)),
            ("$supersedes", bundle.Supersedes),
            ("$forwardedFrom", bundle.ForwardedFromSender),
            ("$sequence", ToDb(bundle.MailboxSequence)),
            ("$delivery", bundle.Delivery)).ConfigureAwait(false);
        return added == 1;
    }

    /// <summary>Records a gap the broker reported, as an inbox row of its own.</summary>
    /// <returns>The gap marker's local position.</returns>
    public async Task<long> AddGapAsync(InboxGap gap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gap);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(
            connection,
            null,
            """
            INSERT INTO inbox (entry_type, received_at_ms, gap_from, gap_to, gap_reason)
            VALUES ($type, $receivedAt, $from, $to, $reason)
            RETURNING position;
            """,
            ("$type", GapEntry),
            ("$receivedAt", ToDb(gap.ReceivedAt)),
            ("$from", ToDb(gap.FromSequence)),
            ("$to", ToDb(gap.ToSequence)),
            ("$reason", gap.Reason));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Lists inbox rows matching <paramref name="filter"/>, newest first.</summary>
    public async Task<IReadOnlyList<InboxEntry>> ListInboxAsync(InboxFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(filter.Limit, 1, nameof(filter));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(filter.Limit, InboxFilter.MaxLimit, nameof(filter));

        var sql = new StringBuilder("SELECT ").Append(filter.IncludeContent ? ContentColumns : MetadataColumns).Append(" FROM inbox WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (filter.Since is { } since)
        {
            sql.Append(" AND received_at_ms >= $since");
            parameters.Add(("$since", ToDb(since)));
        }

        // Gap markers pass the bundle filters: the deliveries they stand for could have matched any of them.
        var bundleConditions = new List<string>();
        if (filter.Label is { } label)
        {
            bundleConditions.Add("label = $label");
            parameters.Add(("$label", (int)label));
        }

        if (filter.Kind is { } kind)
        {
            bundleConditions.Add("kind = $kind");
            parameters.Add(("$kind", (int)kind));
        }

        if (filter.Sender is { } sender)
        {
            bundleConditions.Add("sender = $sender");
            parameters.Add(("$sender", sender));
        }

        if (bundleConditions.Count > 0)
        {
            sql.Append(" AND (entry_type = ").Append(GapEntry).Append(" OR (").AppendJoin(" AND ", bundleConditions).Append("))");
        }

        sql.Append(" ORDER BY position DESC LIMIT $limit;");
        parameters.Add(("$limit", filter.Limit));
        return await QueryInboxAsync(sql.ToString(), filter.IncludeContent, [.. parameters], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows after <paramref name="position"/>, oldest first, with content: what a watcher has not seen yet.</summary>
    public Task<IReadOnlyList<InboxEntry>> ListInboxAfterAsync(long position, int limit = InboxFilter.DefaultLimit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, InboxFilter.MaxLimit);
        return QueryInboxAsync(
            $"SELECT {ContentColumns} FROM inbox WHERE position > $position ORDER BY position ASC LIMIT $limit;",
            includeContent: true,
            [("$position", position), ("$limit", limit)],
            cancellationToken);
    }

    /// <summary>The inbox bundle with <paramref name="bundleId"/>, with its content; null if absent.</summary>
    public async Task<InboxEntry?> GetInboxItemAsync(byte[] bundleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundleId);
        var rows = await QueryInboxAsync(
            $"SELECT {ContentColumns} FROM inbox WHERE bundle_id = $id;",
            includeContent: true,
            [("$id", bundleId)],
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private async Task<IReadOnlyList<InboxEntry>> QueryInboxAsync(string sql, bool includeContent, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<InboxEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadInboxEntry(reader, includeContent));
        }

        return entries;
    }

    private static InboxEntry ReadInboxEntry(SqliteDataReader row, bool includeContent)
    {
        var position = row.GetInt64(0);
        var receivedAt = TimeFromDb(row.GetInt64(10));
        if (row.GetInt32(1) == GapEntry)
        {
            var gap = new InboxGap(FromDb(row.GetInt64(14)), FromDb(row.GetInt64(15)), row.IsDBNull(16) ? string.Empty : row.GetString(16), receivedAt);
            return new InboxEntry(position, null, gap);
        }

        var bundle = new InboxBundle(
            BundleId: Blob(row, 2)!,
            Sender: row.GetString(3),
            Label: (Tlp)row.GetInt32(4),
            Kind: (BundleKind)row.GetInt32(5),
            ContentType: row.GetString(6),
            ExerciseId: row.GetString(7),
            Audience: AudienceFromBytes(Blob(row, 8) ?? []),
            CreatedAt: TimeFromDb(row.GetInt64(9)),
            ReceivedAt: receivedAt,
            Supersedes: Blob(row, 11),
            ForwardedFromSender: row.IsDBNull(12) ? null : row.GetString(12),
            MailboxSequence: FromDb(row.GetInt64(13)),
            Payload: includeContent ? Blob(row, 17) : null,
            Delivery: includeContent ? Blob(row, 18) : null);
        return new InboxEntry(position, bundle, null);
    }

    private static byte[]? Blob(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : (byte[])row.GetValue(ordinal);

    private static byte[] AudienceToBytes(Audience audience)
    {
        ArgumentNullException.ThrowIfNull(audience);
        var wire = new Isac.V1.Audience();
        wire.Communities.AddRange(audience.Communities);
        wire.Members.AddRange(audience.Members);
        return wire.ToByteArray();
    }

    private static Audience AudienceFromBytes(byte[] bytes) => Audience.FromWire(Isac.V1.Audience.Parser.ParseFrom(bytes));
}
