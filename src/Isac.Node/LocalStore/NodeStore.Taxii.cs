namespace Isac.Node.LocalStore;

internal sealed partial class NodeStore
{
    /// <summary>The id of the outbox item that replaced <paramref name="id"/> when it was re-sealed; null if none.</summary>
    public async Task<byte[]?> FindOutboxSuccessorAsync(byte[] id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT id FROM outbox WHERE supersedes = $id;", ("$id", id));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }
}
