using System.Text.Json;

namespace Isac.Node.Taxii;

internal sealed partial class TaxiiIndex
{
    /// <summary>Stores a POST's status record, owned by <paramref name="userName"/>.</summary>
    public async Task SaveStatusAsync(TaxiiStatusRecord record, string userName, byte[]? bundleId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            null,
            "INSERT INTO status (id, user_name, bundle_id, body) VALUES ($id, $user, $bundle, $body);",
            cancellationToken,
            ("$id", record.Id),
            ("$user", userName),
            ("$bundle", bundleId),
            ("$body", JsonSerializer.Serialize(record))).ConfigureAwait(false);
    }

    /// <summary>A stored status record with its owner and published bundle id; null if unknown.</summary>
    public async Task<(TaxiiStatusRecord Record, string UserName, byte[]? BundleId)?> GetStatusAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT user_name, bundle_id, body FROM status WHERE id = $id;", ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var record = JsonSerializer.Deserialize<TaxiiStatusRecord>(reader.GetString(2))!;
        return (record, reader.GetString(0), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1));
    }
}
