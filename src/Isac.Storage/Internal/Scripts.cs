namespace Isac.Storage.Internal;

/// <summary>
/// The Lua scripts. Each touches only keys passed in KEYS, all with one hash tag (one Redis Cluster slot, and the
/// keys Garnet's transaction mode locks). Only commands both Redis 7 and Garnet run. Missing values come back
/// as <c>false</c> in both Lua versions (Redis 5.1, Garnet 5.4). Numbers stay below 2^53, exact in either.
/// </summary>
internal static class Scripts
{
    /// <summary>
    /// Removes expired items from the front of a mailbox (items, id index), at most a batch. It looks at one item at a
    /// time: in the common case (nothing expired) that is one small read per script.
    /// </summary>
    private const string TrimExpired = """
        local function trim_expired(items, idx, cutoff, batch)
          for i = 1, batch do
            local head = redis.call('ZRANGE', items, 0, 0)
            if #head == 0 then return end
            local m = head[1]
            if tonumber(string.sub(m, 1, 16)) > cutoff then return end
            redis.call('ZREM', items, m)
            redis.call('HDEL', idx, string.sub(m, 17, 32))
          end
        end
        """;

    /// <summary>
    /// KEYS: seq, items, idx, acked. ARGV: bundle id, item bytes, retention cutoff (ms), trim batch.
    /// Returns {sequence, 1} when added, {existing sequence, 0} when the bundle id is already there.
    /// </summary>
    public const string MailboxAppend = TrimExpired + """

        trim_expired(KEYS[2], KEYS[3], tonumber(ARGV[3]), tonumber(ARGV[4]))
        local existing = redis.call('HGET', KEYS[3], ARGV[1])
        if existing then return {tonumber(existing), 0} end
        local seq = redis.call('INCR', KEYS[1])
        redis.call('HSET', KEYS[3], ARGV[1], seq)
        redis.call('ZADD', KEYS[2], seq, ARGV[2])
        return {seq, 1}
        """;

    /// <summary>
    /// KEYS: seq, items, idx, acked. ARGV: after, max, retention cutoff (ms), trim batch.
    /// Returns {last sequence, acked through, {item, sequence, item, sequence, ...}} read at one instant.
    /// </summary>
    public const string MailboxRead = TrimExpired + """

        trim_expired(KEYS[2], KEYS[3], tonumber(ARGV[3]), tonumber(ARGV[4]))
        local last = tonumber(redis.call('GET', KEYS[1]) or '0')
        local acked = tonumber(redis.call('GET', KEYS[4]) or '0')
        local items = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
        return {last, acked, items}
        """;

    /// <summary>
    /// KEYS: seq, items, idx, acked. ARGV: trim-through sequence. Trims items at or below it (never past the last
    /// sequence) with their id-index fields; returns the acknowledged-through sequence.
    /// </summary>
    public const string MailboxAck = """
        local last = tonumber(redis.call('GET', KEYS[1]) or '0')
        local acked = tonumber(redis.call('GET', KEYS[4]) or '0')
        local upto = tonumber(ARGV[1])
        if upto > last then upto = last end
        if upto <= acked then return acked end
        local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', upto)
        for i = 1, #gone do
          redis.call('HDEL', KEYS[3], string.sub(gone[i], 17, 32))
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', upto)
        redis.call('SET', KEYS[4], upto)
        return upto
        """;

    /// <summary>
    /// KEYS: replay record. ARGV: digest, sealed bundle, ttl (ms), began-at (ms).
    /// Returns {'new'}, {'pending'}, {'committed', receipt} or {'conflict'}.
    /// </summary>
    public const string ReplayBegin = """
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then
          redis.call('HSET', KEYS[1], 'state', 'pending', 'digest', ARGV[1], 'sealed', ARGV[2], 'began', ARGV[4])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          return {'new'}
        end
        if redis.call('HGET', KEYS[1], 'digest') ~= ARGV[1] then return {'conflict'} end
        if state == 'committed' then return {'committed', redis.call('HGET', KEYS[1], 'receipt')} end
        return {'pending'}
        """;

    /// <summary>KEYS: replay record. ARGV: receipt. Returns 'committed', 'already' or 'missing'; the TTL is kept.</summary>
    public const string ReplayCommit = """
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then return 'missing' end
        if state == 'committed' then return 'already' end
        redis.call('HSET', KEYS[1], 'state', 'committed', 'receipt', ARGV[1])
        redis.call('HDEL', KEYS[1], 'sealed')
        return 'committed'
        """;

    /// <summary>
    /// KEYS: bundle. ARGV: header, signature, ciphertext, retention (ms). Stores it once; a second store only
    /// extends its life. Returns 1 when stored, 0 when it was there.
    /// </summary>
    public const string BundlePut = """
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl == -2 then
          redis.call('HSET', KEYS[1], 'header', ARGV[1], 'signature', ARGV[2], 'ciphertext', ARGV[3])
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
          return 1
        end
        if ttl >= 0 and ttl < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
        return 0
        """;

    /// <summary>
    /// KEYS: bundle. ARGV: signed receipt. Sets the receipt unless one is there (first wins) and returns the stored
    /// one; nil when the bundle is not stored (HSET on a missing key would create a bundle without a TTL).
    /// </summary>
    public const string BundleAttachReceipt = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        redis.call('HSETNX', KEYS[1], 'receipt', ARGV[1])
        return redis.call('HGET', KEYS[1], 'receipt')
        """;

    /// <summary>
    /// KEYS: directory. ARGV: version (20-digit zero-padded decimal, so string order is number order for every
    /// uint64), snapshot. Returns {1, version} when stored, {0, stored version} otherwise.
    /// </summary>
    public const string DirectoryPut = """
        local current = redis.call('HGET', KEYS[1], 'version')
        if current and current >= ARGV[1] then return {0, current} end
        redis.call('HSET', KEYS[1], 'version', ARGV[1], 'snapshot', ARGV[2])
        return {1, ARGV[1]}
        """;

    /// <summary>
    /// KEYS: chain list, head. ARGV: expected head ('' for an empty chain), new head, entry. Appends only if the head
    /// is still the expected one (compare-and-set). Returns 1 when appended, 0 when the head moved.
    /// </summary>
    public const string AuditAppend = """
        local current = redis.call('GET', KEYS[2]) or ''
        if current ~= ARGV[1] then return 0 end
        redis.call('RPUSH', KEYS[1], ARGV[3])
        redis.call('SET', KEYS[2], ARGV[2])
        return 1
        """;
}
