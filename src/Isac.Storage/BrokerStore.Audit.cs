using System.Collections.Concurrent;
using System.Security.Cryptography;
using Isac.Core.Crypto;
using Isac.Storage.Internal;
using StackExchange.Redis;

namespace Isac.Storage;

public sealed partial class BrokerStore
{
    /// <summary>How many compare-and-set attempts an append makes before it gives up (only another process writing the same chain makes one fail).</summary>
    private const int AuditAppendAttempts = 8;
    private const int AuditReadPage = 512;

    private readonly ConcurrentDictionary<string, AuditChainState> _chains = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<AuditPosition> AppendAuditAsync(string brokerId, AuditRecord record, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(brokerId, nameof(brokerId));
        var recordBytes = AuditCodec.EncodeRecord(record);
        var database = Database;
        var keys = StoreKeys.Audit(brokerId);
        var chain = _chains.GetOrAdd(brokerId, _ => new AuditChainState());

        // Appends to one chain from this process take turns, and the head is cached between them: the
        // compare-and-set then only fails when another process writes the same chain (a misconfigured broker id).
        await chain.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; attempt <= AuditAppendAttempts; attempt++)
            {
                chain.Head ??= (byte[]?)await database.StringGetAsync(keys[1]).WaitAsync(cancellationToken).ConfigureAwait(false) ?? [];
                var (sequence, previousHash) = AuditCodec.DecodeHead(chain.Head);
                var next = sequence + 1;
                var hash = AuditCodec.ChainHash(previousHash, next, recordBytes);
                var newHead = AuditCodec.EncodeHead(next, hash);
                var appended = await database.ScriptEvaluateAsync(Scripts.AuditAppend, [keys[0], keys[1]],
                    [chain.Head, newHead, AuditCodec.EncodeEntry(next, hash, recordBytes)]).WaitAsync(cancellationToken).ConfigureAwait(false);
                if ((long)appended == 1)
                {
                    chain.Head = newHead;
                    return new AuditPosition(brokerId, next);
                }

                chain.Head = null;
            }

            throw new InvalidOperationException(
                $"The audit chain of broker '{brokerId}' kept moving under {AuditAppendAttempts} appends: another process writes it. Each broker instance needs its own broker id.");
        }
        catch
        {
            // Whatever happened (cancellation mid-script included), read the head again next time.
            chain.Head = null;
            throw;
        }
        finally
        {
            chain.Gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string brokerId, ulong fromSequence, int max, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(brokerId, nameof(brokerId));
        ArgumentOutOfRangeException.ThrowIfZero(fromSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var start = (long)(fromSequence - 1);
        var values = await Database.ListRangeAsync(StoreKeys.Audit(brokerId)[0], start, start + max - 1).WaitAsync(cancellationToken).ConfigureAwait(false);
        return values.Select(value =>
        {
            var (sequence, hash, record) = AuditCodec.DecodeEntry((byte[])value!);
            return new AuditEntry(new AuditPosition(brokerId, sequence), hash, AuditCodec.DecodeRecord(record));
        }).ToList();
    }

    /// <inheritdoc />
    public async Task<AuditCheckpoint> WriteCheckpointAsync(string brokerId, SigningKeyPair brokerKey, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(brokerId, nameof(brokerId));
        ArgumentNullException.ThrowIfNull(brokerKey);
        var database = Database;
        var keys = StoreKeys.Audit(brokerId);
        var chain = _chains.GetOrAdd(brokerId, _ => new AuditChainState());
        await chain.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var head = (byte[]?)await database.StringGetAsync(keys[1]).WaitAsync(cancellationToken).ConfigureAwait(false) ?? [];
            var (sequence, hash) = AuditCodec.DecodeHead(head);
            var body = AuditCodec.EncodeCheckpointBody(brokerId, sequence, hash, Now);
            var signature = brokerKey.Sign(SignatureContext.AuditCheckpoint, body);
            var stored = AuditCodec.EncodeStoredCheckpoint(body, signature, brokerKey.KeyId);
            await database.ListRightPushAsync(keys[2], stored).WaitAsync(cancellationToken).ConfigureAwait(false);
            return AuditCodec.DecodeStoredCheckpoint(stored);
        }
        finally
        {
            chain.Gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<AuditVerification> VerifyAuditChainAsync(string brokerId, ReadOnlyMemory<byte> brokerPublicKey, CancellationToken cancellationToken = default)
    {
        StoreKeys.CheckId(brokerId, nameof(brokerId));
        var database = Database;
        var keys = StoreKeys.Audit(brokerId);

        // Checkpoints first (few): the chain walk below then compares each checkpointed hash as it passes.
        var checkpoints = new List<AuditCheckpoint>();
        foreach (var value in await database.ListRangeAsync(keys[2]).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            AuditCheckpoint checkpoint;
            try
            {
                checkpoint = AuditCodec.DecodeStoredCheckpoint((byte[])value!);
            }
            catch (InvalidDataException ex)
            {
                return Fail(AuditVerificationStatus.Malformed, 0, checkpoints.Count, null, $"checkpoint {checkpoints.Count + 1} is malformed: {ex.Message}");
            }

            if (!Signatures.Verify(brokerPublicKey.Span, SignatureContext.AuditCheckpoint, checkpoint.Body, checkpoint.Signature))
            {
                return Fail(AuditVerificationStatus.CheckpointForged, 0, checkpoints.Count, checkpoint.Sequence,
                    $"the checkpoint at sequence {checkpoint.Sequence} is not signed by the broker's key");
            }

            if (checkpoint.BrokerId != brokerId)
            {
                return Fail(AuditVerificationStatus.CheckpointMismatch, 0, checkpoints.Count, checkpoint.Sequence,
                    $"the checkpoint at sequence {checkpoint.Sequence} names broker '{checkpoint.BrokerId}'");
            }

            checkpoints.Add(checkpoint);
        }

        var expectedHashes = checkpoints.GroupBy(c => c.Sequence).ToDictionary(g => g.Key, g => g.Select(c => c.HeadHash).ToList());
        var previousHash = new byte[AuditCodec.HashLength];
        if (expectedHashes.TryGetValue(0, out var emptyHeads) && emptyHeads.Any(h => !CryptographicOperations.FixedTimeEquals(h, previousHash)))
        {
            return Fail(AuditVerificationStatus.CheckpointMismatch, 0, checkpoints.Count, 0, "a checkpoint of the empty chain names a hash");
        }

        ulong count = 0;
        while (true)
        {
            var start = (long)count;
            var page = await database.ListRangeAsync(keys[0], start, start + AuditReadPage - 1).WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var value in page)
            {
                var sequence = count + 1;
                (ulong Sequence, byte[] Hash, byte[] Record) entry;
                try
                {
                    entry = AuditCodec.DecodeEntry((byte[])value!);
                    AuditCodec.DecodeRecord(entry.Record);
                }
                catch (InvalidDataException ex)
                {
                    return Fail(AuditVerificationStatus.Malformed, count, checkpoints.Count, sequence, $"record {sequence} is malformed: {ex.Message}");
                }

                if (entry.Sequence != sequence)
                {
                    return Fail(AuditVerificationStatus.SequenceBroken, count, checkpoints.Count, sequence,
                        $"position {sequence} holds a record numbered {entry.Sequence}");
                }

                var hash = AuditCodec.ChainHash(previousHash, sequence, entry.Record);
                if (!CryptographicOperations.FixedTimeEquals(hash, entry.Hash))
                {
                    return Fail(AuditVerificationStatus.RecordAltered, count, checkpoints.Count, sequence,
                        $"record {sequence} does not hash to its stored chain hash: it or an earlier record was altered");
                }

                if (expectedHashes.TryGetValue(sequence, out var signedHashes) && signedHashes.Any(h => !CryptographicOperations.FixedTimeEquals(h, hash)))
                {
                    return Fail(AuditVerificationStatus.CheckpointMismatch, count, checkpoints.Count, sequence,
                        $"a signed checkpoint names another hash for record {sequence}");
                }

                previousHash = hash;
                count = sequence;
            }

            if (page.Length < AuditReadPage)
            {
                break;
            }
        }

        var beyond = checkpoints.Where(c => c.Sequence > count).Select(c => (ulong?)c.Sequence).Min();
        if (beyond is not null)
        {
            return Fail(AuditVerificationStatus.CheckpointMismatch, count, checkpoints.Count, beyond,
                $"a signed checkpoint covers sequence {beyond}, but the chain ends at {count}: records were removed");
        }

        var head = (byte[]?)await database.StringGetAsync(keys[1]).WaitAsync(cancellationToken).ConfigureAwait(false) ?? [];
        var (headSequence, headHash) = AuditCodec.DecodeHead(head);
        if (headSequence != count || !CryptographicOperations.FixedTimeEquals(headHash, previousHash))
        {
            return Fail(AuditVerificationStatus.HeadMismatch, count, checkpoints.Count, Math.Min(headSequence, count) + 1,
                $"the chain head says sequence {headSequence}, but the chain has {count} records ending in another hash");
        }

        return new AuditVerification(AuditVerificationStatus.Valid, brokerId, count, checkpoints.Count, null, null);

        AuditVerification Fail(AuditVerificationStatus status, ulong records, int checkpointCount, ulong? position, string reason) =>
            new(status, brokerId, records, checkpointCount, position, reason);
    }

    private sealed class AuditChainState
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The cached head bytes (empty for an empty chain), or null when it must be read.</summary>
        public byte[]? Head { get; set; }
    }
}
