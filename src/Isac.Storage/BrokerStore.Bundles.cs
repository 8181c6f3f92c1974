using Isac.Storage.Internal;
using StackExchange.Redis;

namespace Isac.Storage;

public sealed partial class BrokerStore
{
    /// <inheritdoc />
    public async Task<bool> PutBundleAsync(ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> signature,
        ReadOnlyMemory<byte> ciphertext, TimeSpan? retention = null, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckBundleId(bundleId, nameof(bundleId));
        var keep = retention ?? _options.BundleRetention;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keep, TimeSpan.Zero, nameof(retention));
        var stored = await Database.ScriptEvaluateAsync(Scripts.BundlePut, [StoreKeys.Bundle(bundleId.Span)],
            [header, signature, ciphertext, ToMilliseconds(keep)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)stored == 1;
    }

    /// <inheritdoc />
    public async Task<StoredBundle?> GetBundleAsync(ReadOnlyMemory<byte> bundleId, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckBundleId(bundleId, nameof(bundleId));
        return await GetBundleAsync(Database, bundleId.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredBundle?> GetBundleAsync(IDatabase database, byte[] bundleId, CancellationToken cancellationToken)
    {
        var fields = await database.HashGetAsync(StoreKeys.Bundle(bundleId), ["header", "signature", "ciphertext", "receipt"])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (fields[0].IsNull || fields[1].IsNull || fields[2].IsNull)
        {
            return null;
        }

        return new StoredBundle(bundleId, (byte[])fields[0]!, (byte[])fields[1]!, (byte[])fields[2]!, fields[3].IsNull ? null : (byte[])fields[3]!);
    }

    /// <inheritdoc />
    public async Task<byte[]> AttachReceiptAsync(ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> signedReceipt, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckBundleId(bundleId, nameof(bundleId));
        if (signedReceipt.IsEmpty)
        {
            throw new ArgumentException("a receipt is needed", nameof(signedReceipt));
        }

        var stored = await Database.ScriptEvaluateAsync(Scripts.BundleAttachReceipt, [StoreKeys.Bundle(bundleId.Span)], [signedReceipt])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return stored.IsNull
            ? throw new InvalidOperationException($"bundle {Convert.ToHexStringLower(bundleId.Span)} is not stored; its receipt cannot be attached")
            : (byte[])stored!;
    }
}
