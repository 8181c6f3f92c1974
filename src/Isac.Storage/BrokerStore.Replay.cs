using Isac.Storage.Internal;
using StackExchange.Redis;

namespace Isac.Storage;

public sealed partial class BrokerStore
{
    /// <inheritdoc />
    public async Task<ReplayCheck> BeginPublishAsync(string senderMemberId, ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> digest,
        DateTimeOffset expiresAt, ReadOnlyMemory<byte> sealedBundle, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(senderMemberId, nameof(senderMemberId));
        StoreKeys.CheckBundleId(bundleId, nameof(bundleId));
        if (digest.IsEmpty)
        {
            throw new ArgumentException("The digest is empty.", nameof(digest));
        }

        var database = Database;
        var now = Now;
        // Past the freshness window the broker refuses the bundle anyway, so a record that lives 1 ms is enough.
        var ttl = ToMilliseconds(expiresAt - now);

        // The sweeper's index is written first: a crash between the two leaves an index entry without a record,
        // which the sweeper drops, never a pending record the sweeper cannot find.
        var pendingMember = StoreKeys.PendingMember(senderMemberId, bundleId.Span);
        await database.SortedSetAddAsync(StoreKeys.PendingIndex, pendingMember, now.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists)
            .WaitAsync(cancellationToken).ConfigureAwait(false);

        var result = (RedisResult[])(await database.ScriptEvaluateAsync(Scripts.ReplayBegin,
            [StoreKeys.Replay(senderMemberId, bundleId.Span)],
            [digest, sealedBundle, ttl, now.ToUnixTimeMilliseconds()]).WaitAsync(cancellationToken).ConfigureAwait(false))!;

        switch ((string?)result[0])
        {
            case "new":
                return new ReplayCheck(ReplayStatus.New);
            case "pending":
                return new ReplayCheck(ReplayStatus.Pending);
            case "committed":
                await database.SortedSetRemoveAsync(StoreKeys.PendingIndex, pendingMember).WaitAsync(cancellationToken).ConfigureAwait(false);
                return new ReplayCheck(ReplayStatus.Committed, (byte[]?)result[1] ?? []);
            case "conflict":
                return new ReplayCheck(ReplayStatus.Conflict);
            default:
                throw new InvalidDataException($"Unexpected replay-cache answer '{result[0]}'.");
        }
    }

    /// <inheritdoc />
    public async Task<CommitStatus> CommitPublishAsync(string senderMemberId, ReadOnlyMemory<byte> bundleId, ReadOnlyMemory<byte> receipt,
        CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(senderMemberId, nameof(senderMemberId));
        StoreKeys.CheckBundleId(bundleId, nameof(bundleId));
        var database = Database;
        var answer = (string?)await database.ScriptEvaluateAsync(Scripts.ReplayCommit,
            [StoreKeys.Replay(senderMemberId, bundleId.Span)], [receipt]).WaitAsync(cancellationToken).ConfigureAwait(false);
        await database.SortedSetRemoveAsync(StoreKeys.PendingIndex, StoreKeys.PendingMember(senderMemberId, bundleId.Span))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return answer switch
        {
            "committed" => CommitStatus.Committed,
            "already" => CommitStatus.AlreadyCommitted,
            "missing" => CommitStatus.NotFound,
            _ => throw new InvalidDataException($"Unexpected replay-cache answer '{answer}'."),
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PendingPublish>> ListPendingAsync(DateTimeOffset olderThan, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var database = Database;
        var found = new List<PendingPublish>();
        var skip = 0L;
        while (found.Count < max)
        {
            var batch = await database.SortedSetRangeByScoreAsync(StoreKeys.PendingIndex, double.NegativeInfinity, olderThan.ToUnixTimeMilliseconds(),
                skip: skip, take: max - found.Count).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var member in batch)
            {
                var pending = await ReadPendingAsync(database, (string)member!, cancellationToken).ConfigureAwait(false);
                if (pending is null)
                {
                    // Committed since, or expired: the index entry is stale.
                    await database.SortedSetRemoveAsync(StoreKeys.PendingIndex, member).WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    found.Add(pending);
                    skip++;
                }
            }
        }

        return found;
    }

    private static async Task<PendingPublish?> ReadPendingAsync(IDatabase database, string member, CancellationToken cancellationToken)
    {
        var slash = member.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var sender = member[..slash];
        byte[] bundleId;
        try
        {
            bundleId = Convert.FromHexString(member.AsSpan(slash + 1));
        }
        catch (FormatException)
        {
            return null;
        }

        var fields = await database.HashGetAsync(StoreKeys.Replay(sender, bundleId), ["state", "digest", "sealed", "began"])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if ((string?)fields[0] != "pending" || fields[2].IsNull)
        {
            return null;
        }

        return new PendingPublish(sender, bundleId, (byte[])fields[1]!, (byte[])fields[2]!, DateTimeOffset.FromUnixTimeMilliseconds((long)fields[3]));
    }
}
