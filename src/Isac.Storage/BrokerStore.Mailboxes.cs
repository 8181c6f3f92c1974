using System.Globalization;
using Isac.Storage.Internal;
using StackExchange.Redis;

namespace Isac.Storage;

public sealed partial class BrokerStore
{
    /// <inheritdoc />
    public async Task<MailboxAppendResult> AppendAsync(string memberId, ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> recipientEntry,
        ReadOnlyMemory<byte> merkleProof, DateTimeOffset acceptedAt, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(memberId, nameof(memberId));
        StoreKeys.CheckBundleId(bundleId, nameof(bundleId));
        var database = Database;
        var item = MailboxItemCodec.Encode(acceptedAt, bundleId.Span, recipientEntry.Span, merkleProof.Span);
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(Scripts.MailboxAppend, StoreKeys.Mailbox(memberId),
            [bundleId, item, RetentionCutoff(), TrimBatch]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        var appended = new MailboxAppendResult((ulong)(long)result[0], (long)result[1] == 1);
        if (appended.Added)
        {
            // A wake-up is only a hint (subscribers read from their cursor), so it is not waited for.
            await database.PublishAsync(StoreKeys.WakeChannel(memberId), (long)appended.Sequence, CommandFlags.FireAndForget).ConfigureAwait(false);
        }

        return appended;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MailboxItem>> ReadAsync(string memberId, ulong afterSequence, int max, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(memberId, nameof(memberId));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var database = Database;
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(Scripts.MailboxRead, StoreKeys.Mailbox(memberId),
            [afterSequence.ToString(CultureInfo.InvariantCulture), max, RetentionCutoff(), TrimBatch]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        var last = (ulong)(long)result[0];
        var acked = (ulong)(long)result[1];
        var flat = (RedisResult[])result[2]!;

        var stored = new List<(ulong Sequence, DateTimeOffset AcceptedAt, byte[] BundleId, byte[] Entry, byte[] Proof)>(flat.Length / 2);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            var (acceptedAt, bundleId, entry, proof) = MailboxItemCodec.Decode((byte[])flat[i]!);
            stored.Add((ParseSequence(flat[i + 1]), acceptedAt, bundleId, entry, proof));
        }

        // Bundles live under their own keys (other slots): fetch each distinct one once, in parallel.
        var bundles = new Dictionary<string, Task<StoredBundle?>>(StringComparer.Ordinal);
        foreach (var item in stored)
        {
            var key = Convert.ToHexString(item.BundleId);
            if (!bundles.ContainsKey(key))
            {
                bundles[key] = GetBundleAsync(database, item.BundleId, cancellationToken);
            }
        }

        await Task.WhenAll(bundles.Values).ConfigureAwait(false);

        var items = new List<MailboxItem>(stored.Count + 2);
        var expected = afterSequence + 1;
        foreach (var item in stored)
        {
            AddGaps(items, expected, item.Sequence - 1, acked);
            var bundle = await bundles[Convert.ToHexString(item.BundleId)].ConfigureAwait(false);
            items.Add(bundle is null
                ? new MailboxGap(item.Sequence, item.Sequence, GapReason.BundleExpired)
                : new MailboxDelivery(item.Sequence, item.BundleId, item.AcceptedAt, item.Entry, item.Proof, bundle.Header, bundle.Signature, bundle.Ciphertext, bundle.Receipt));
            expected = item.Sequence + 1;
        }

        if (stored.Count < max)
        {
            // Everything up to the last sequence was read at one instant: whatever is missing after the last stored
            // item is gone, not in flight (the sequence is taken and the item inserted in one script).
            AddGaps(items, expected, last, acked);
        }

        return items;
    }

    /// <inheritdoc />
    public async Task<ulong> AckAsync(string memberId, ulong cursor, ulong deliveredThrough, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(memberId, nameof(memberId));
        var upto = Math.Min(cursor, deliveredThrough);
        var acked = await Database.ScriptEvaluateAsync(Scripts.MailboxAck, StoreKeys.Mailbox(memberId),
            [upto.ToString(CultureInfo.InvariantCulture)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (ulong)(long)acked;
    }

    /// <inheritdoc />
    public async Task<ulong> GetHeadAsync(string memberId, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(memberId, nameof(memberId));
        var head = await Database.StringGetAsync(StoreKeys.Mailbox(memberId)[0]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return head.IsNull ? 0 : ulong.Parse((string)head!, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task WakeAsync(string memberId, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(memberId, nameof(memberId));
        cancellationToken.ThrowIfCancellationRequested();
        await Database.PublishAsync(StoreKeys.WakeChannel(memberId), 0, CommandFlags.FireAndForget).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> SubscribeAsync(string memberId, Action onWake, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(memberId, nameof(memberId));
        ArgumentNullException.ThrowIfNull(onWake);
        _ = Database;
        var subscriber = Subscriber;
        var channel = StoreKeys.WakeChannel(memberId);
        Action<RedisChannel, RedisValue> handler = (_, _) => onWake();
        await subscriber.SubscribeAsync(channel, handler).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new WakeSubscription(subscriber, channel, handler);
    }

    /// <summary>Missing sequences <paramref name="from"/>..<paramref name="to"/>: acknowledged ones, then expired ones.</summary>
    private static void AddGaps(List<MailboxItem> items, ulong from, ulong to, ulong acked)
    {
        if (from > to)
        {
            return;
        }

        if (from <= acked)
        {
            items.Add(new MailboxGap(from, Math.Min(to, acked), GapReason.Acknowledged));
            from = acked + 1;
        }

        if (from <= to)
        {
            items.Add(new MailboxGap(from, to, GapReason.Expired));
        }
    }

    private static ulong ParseSequence(RedisResult score)
    {
        var text = (string)score!;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : (ulong)double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Items accepted at or before this instant (Unix ms) are past retention.</summary>
    private long RetentionCutoff() => Math.Max(0, (Now - _options.MailboxRetention).ToUnixTimeMilliseconds());

    private sealed class WakeSubscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await subscriber.UnsubscribeAsync(channel, handler).ConfigureAwait(false);
            }
        }
    }
}
