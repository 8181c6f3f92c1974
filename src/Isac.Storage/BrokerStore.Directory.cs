using System.Globalization;
using Isac.Storage.Internal;
using StackExchange.Redis;

namespace Isac.Storage;

public sealed partial class BrokerStore
{
    /// <inheritdoc />
    public async Task<StoredDirectory?> GetDirectoryAsync(CancellationToken cancellationToken = default)
    {
        var fields = await Database.HashGetAsync(StoreKeys.Directory, ["version", "snapshot"]).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (fields[0].IsNull || fields[1].IsNull)
        {
            return null;
        }

        return new StoredDirectory(ParseVersion((string)fields[0]!), (byte[])fields[1]!);
    }

    /// <inheritdoc />
    public async Task<DirectoryPutResult> TryPutDirectoryAsync(ulong version, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken = default)
    {
        if (snapshot.IsEmpty)
        {
            throw new ArgumentException("The snapshot is empty.", nameof(snapshot));
        }

        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(Scripts.DirectoryPut, [StoreKeys.Directory],
            [version.ToString("D20", CultureInfo.InvariantCulture), snapshot]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        return new DirectoryPutResult((long)result[0] == 1, ParseVersion((string)result[1]!));
    }

    private static ulong ParseVersion(string text) => ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
