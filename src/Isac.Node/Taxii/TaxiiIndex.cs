using System.Globalization;
using System.Text;
using System.Text.Json;
using Isac.Core.Labels;
using Isac.Core.Stix;
using Isac.Node.Configuration;
using Isac.Node.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Isac.Node.Taxii;

/// <summary>
/// The STIX objects of the inbox's STIX bundles, one row per (label, object id, version), in their own SQLite
/// file beside the node's store (<c>taxii.db</c>; it can be deleted and is rebuilt from the inbox). Rows get a
/// monotonic local position as they are indexed, and paging runs on that position, never on a timestamp: an
/// object indexed during a paged read lands after every position already handed out, so it is neither skipped
/// nor repeated. The index follows the inbox lazily: every TAXII request first indexes what arrived since.
/// </summary>
internal sealed partial class TaxiiIndex(NodeRuntime runtime, IOptions<NodeOptions> options) : IDisposable
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string FileName = "taxii.db";

    private const int InboxBatch = 200;

    private readonly SemaphoreSlim _sync = new(1, 1);
    private string? _connectionString;

    /// <summary>Indexes every inbox row added since the last call.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var (inboxPosition, lastAdded) = await ReadSyncStateAsync(connection, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var rows = await runtime.Store.ListInboxAfterAsync(inboxPosition, InboxBatch, cancellationToken).ConfigureAwait(false);
                if (rows.Count == 0)
                {
                    return;
                }

                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                foreach (var row in rows)
                {
                    inboxPosition = row.Position;
                    if (row.Bundle is { Payload: { } payload } bundle && bundle.ContentType == StixBundleChecker.ContentType)
                    {
                        var added = Math.Max(ToMicros(bundle.ReceivedAt), lastAdded + 1);
                        lastAdded = await IndexBundleAsync(connection, transaction, bundle.Label, payload, added, cancellationToken).ConfigureAwait(false);
                    }
                }

                await ExecuteAsync(connection, transaction, "UPDATE sync SET inbox_position = $p, last_added_us = $a;", cancellationToken, ("$p", inboxPosition), ("$a", lastAdded)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>The labels the member holds STIX content for.</summary>
    public async Task<IReadOnlySet<Tlp>> ListLabelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT DISTINCT label FROM objects;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var labels = new HashSet<Tlp>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            labels.Add((Tlp)reader.GetInt32(0));
        }

        return labels;
    }

    /// <summary>
    /// The objects matching <paramref name="query"/> in position order, and whether more follow.
    /// </summary>
    public async Task<(IReadOnlyList<TaxiiObject> Objects, bool More)> QueryAsync(TaxiiQuery query, bool withContent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT position, stix_id, version, date_added_us, spec_version")
            .Append(withContent ? ", json" : string.Empty)
            .Append(" FROM objects o WHERE label = $label AND position > $after");
        var parameters = new List<(string, object?)> { ("$label", (int)query.Label), ("$after", query.AfterPosition) };
        if (query.AddedAfter is { } addedAfter)
        {
            sql.Append(" AND date_added_us > $addedAfter");
            parameters.Add(("$addedAfter", ToMicros(addedAfter)));
        }

        AppendIn(sql, parameters, "stix_id", "$id", query.Ids);
        AppendIn(sql, parameters, "type", "$type", query.Types);
        AppendIn(sql, parameters, "spec_version", "$spec", query.SpecVersions);
        AppendVersions(sql, parameters, query.Versions);
        sql.Append(" ORDER BY position LIMIT $limit;");
        parameters.Add(("$limit", query.Limit + 1));

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var objects = new List<TaxiiObject>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            objects.Add(new TaxiiObject(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                FromMicros(reader.GetInt64(3)),
                reader.GetString(4),
                withContent ? reader.GetString(5) : null));
        }

        var more = objects.Count > query.Limit;
        return (more ? objects[..query.Limit] : objects, more);
    }

    public void Dispose() => _sync.Dispose();

    /// <summary>Formats a TAXII timestamp (UTC, microseconds).</summary>
    internal static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses a TAXII/STIX timestamp (RFC 3339, UTC, any precision).</summary>
    internal static bool TryParseTimestamp(string? text, out DateTimeOffset time)
    {
        time = default;
        return text is not null && text.EndsWith('Z') && text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    private static async Task<long> IndexBundleAsync(SqliteConnection connection, SqliteTransaction transaction, Tlp label, byte[] payload, long added, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            // A sender's malformed payload is skipped, never allowed to stall the index for everything after it.
            return added - 1;
        }

        using var _ = document;
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("objects", out var objects)
            || objects.ValueKind != JsonValueKind.Array)
        {
            return added - 1;
        }

        var defined = new HashSet<string>(StringComparer.Ordinal);
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in objects.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
        {
            var id = Text(item, "id");
            var type = Text(item, "type");
            if (id is null || type is null)
            {
                continue;
            }

            defined.Add(id);
            CollectMarkings(item, referenced);
            var version = Text(item, "modified") ?? Text(item, "created");
            await InsertAsync(connection, transaction, label, id, type, Text(item, "spec_version") ?? "2.1", version, added, item.GetRawText(), cancellationToken).ConfigureAwait(false);
            added++;
        }

        // The OASIS TLP 2.0 marking objects travel beside the objects that reference them.
        foreach (var marking in referenced.Where(m => !defined.Contains(m)))
        {
            if (TlpMarkingDefinitions.ForEmittedId(marking) is { } definition)
            {
                await InsertAsync(connection, transaction, label, marking, "marking-definition", "2.1", TlpMarkingDefinitions.Created, added, definition.ToJsonString(), cancellationToken).ConfigureAwait(false);
                added++;
            }
        }

        return added - 1;
    }

    private static async Task InsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, Tlp label, string id, string type, string specVersion, string? version, long added, string json, CancellationToken cancellationToken)
    {
        var versionMicros = TryParseTimestamp(version, out var parsed) ? ToMicros(parsed) : added;
        await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO objects (label, stix_id, type, spec_version, version, version_us, date_added_us, json)
            VALUES ($label, $id, $type, $spec, $version, $versionUs, $added, $json)
            ON CONFLICT (label, stix_id, version_us) DO NOTHING;
            """,
            cancellationToken,
            ("$label", (int)label),
            ("$id", id),
            ("$type", type),
            ("$spec", specVersion),
            ("$version", version ?? FormatTimestamp(FromMicros(added))),
            ("$versionUs", versionMicros),
            ("$added", added),
            ("$json", json)).ConfigureAwait(false);
    }

    private static void CollectMarkings(JsonElement item, SortedSet<string> into)
    {
        if (item.TryGetProperty("object_marking_refs", out var refs) && refs.ValueKind == JsonValueKind.Array)
        {
            into.UnionWith(refs.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!));
        }

        if (item.TryGetProperty("granular_markings", out var granular) && granular.ValueKind == JsonValueKind.Array)
        {
            into.UnionWith(granular.EnumerateArray()
                .Where(g => g.ValueKind == JsonValueKind.Object && g.TryGetProperty("marking_ref", out var r) && r.ValueKind == JsonValueKind.String)
                .Select(g => g.GetProperty("marking_ref").GetString()!));
        }
    }

    private static void AppendIn(StringBuilder sql, List<(string, object?)> parameters, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        sql.Append(" AND ").Append(column).Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}");
            sql.Append(i == 0 ? string.Empty : ", ").Append(name);
            parameters.Add((name, values[i]));
        }

        sql.Append(')');
    }

    private static void AppendVersions(StringBuilder sql, List<(string, object?)> parameters, IReadOnlyList<string> versions)
    {
        if (versions.Contains("all"))
        {
            return;
        }

        var conditions = new List<string>();
        for (var i = 0; i < versions.Count; i++)
        {
            switch (versions[i])
            {
                case "last":
                    conditions.Add("version_us = (SELECT max(x.version_us) FROM objects x WHERE x.label = o.label AND x.stix_id = o.stix_id)");
                    break;
                case "first":
                    conditions.Add("version_us = (SELECT min(x.version_us) FROM objects x WHERE x.label = o.label AND x.stix_id = o.stix_id)");
                    break;
                default:
                    var name = string.Create(CultureInfo.InvariantCulture, $"$version{i}");
                    conditions.Add($"version_us = {name}");
                    parameters.Add((name, TryParseTimestamp(versions[i], out var time) ? ToMicros(time) : throw new FormatException($"'{versions[i]}' is not a version")));
                    break;
            }
        }

        if (conditions.Count > 0)
        {
            sql.Append(" AND (").AppendJoin(" OR ", conditions).Append(')');
        }
    }

    private static string? Text(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    private static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
}
