using System.Diagnostics;
using Isac.Core.Crypto;
using Isac.Core.Membership;
using Isac.Storage;
using Isac.V1;
using StackExchange.Redis;

namespace Isac.LoadGen;

/// <summary>
/// The floor (see <see cref="FloorResult"/>): the same accepted bundles, verified and written straight to the same
/// kind of store from this process, with as many concurrent bundles as the publishers had in flight. Sender keys
/// and recipient ids are looked up before the clock starts, so the floor is only the verify and the writes. On
/// Garnet the floor runs against a Garnet with the broker's settings hosted in this process (the broker's is
/// inside the broker); the floor does not wait for the AOF commit (the broker's receipts do).
/// </summary>
internal static class FloorRun
{
    private static readonly TimeSpan ReplayTtl = TimeSpan.FromMinutes(17);
    private static readonly TimeSpan BundleTtl = TimeSpan.FromMinutes(30);

    public static async Task<FloorResult> RunAsync(LoadGenOptions options, IReadOnlyList<SealedBundle> bundles, VerifiedDirectory directory, StoreForRun store, string directoryPath, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"floor: {bundles.Count} bundles against {store.Engine}...");
        var work = bundles.Select(b =>
        {
            var header = RoutingHeader.Parser.ParseFrom(b.Header);
            var key = directory.FindActive(header.SenderMemberId)?.SigningPublicKey ?? throw new InvalidOperationException($"Unknown sender '{header.SenderMemberId}'.");
            var mailboxes = b.Entries.Select(e => (RedisKey)("floor:m:" + RecipientEntry.Parser.ParseFrom(e).MemberId)).ToArray();
            return new Item(b, key, header.BundleId.ToByteArray(), mailboxes);
        }).ToArray();

        EmbeddedGarnetServer? garnet = null;
        try
        {
            string connectionString;
            if (store.Engine == "garnet")
            {
                garnet = EmbeddedGarnetServer.Start(Path.Combine(directoryPath, "garnet-floor"));
                connectionString = garnet.ConnectionString;
            }
            else
            {
                connectionString = store.ConnectionString!;
            }

            await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
            var database = connection.GetDatabase();
            var concurrency = options.Publishers * options.InFlight;

            // Warm-up (JIT, connection) on other keys, not measured.
            await RunItemsAsync(database, work.Take(Math.Min(200, work.Length)).ToArray(), "w", concurrency, cancellationToken);

            var storeCpu0 = store.Process?.CpuTime;
            var self0 = CpuMeter.Self();
            var watch = Stopwatch.StartNew();
            await RunItemsAsync(database, work, "f", concurrency, cancellationToken);
            var wall = watch.Elapsed.TotalSeconds;
            var self = (CpuMeter.Self() - self0).TotalSeconds;
            double? storeCpu = storeCpu0 is { } s0 ? (store.Process!.CpuTime - s0).TotalSeconds : null;
            var perBundle = self * 1000 / work.Length;
            return new FloorResult(store.Engine, work.Length, options.FanOut, wall, self, storeCpu, perBundle, storeCpu is { } sc ? (self + sc) * 1000 / work.Length : null);
        }
        finally
        {
            garnet?.Dispose();
        }
    }

    private static async Task RunItemsAsync(IDatabase database, Item[] items, string run, int concurrency, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Length)
            {
                await OneAsync(database, items[i], run).WaitAsync(cancellationToken);
            }
        }, cancellationToken)));
    }

    private static Task OneAsync(IDatabase database, Item item, string run)
    {
        var bundle = item.Bundle;
        if (!Signatures.Verify(item.SenderKey, SignatureContext.Header, bundle.Header.Span, bundle.Signature.Span))
        {
            throw new InvalidOperationException("floor: a signature does not verify");
        }

        var id = item.BundleId;
        var writes = new Task[item.Mailboxes.Length + 2];
        writes[0] = database.StringSetAsync(Key("floor:r:", run, id), bundle.Signature.Memory, ReplayTtl, When.NotExists);
        writes[1] = database.StringSetAsync(Key("floor:b:", run, id), bundle.Ciphertext.Memory, BundleTtl);
        for (var m = 0; m < item.Mailboxes.Length; m++)
        {
            writes[m + 2] = database.ListRightPushAsync(item.Mailboxes[m], bundle.Entries[m].Memory);
        }

        return Task.WhenAll(writes);
    }

    private static RedisKey Key(string prefix, string run, byte[] id) => ((RedisKey)(prefix + run + ":")).Append(id);

    private sealed record Item(SealedBundle Bundle, byte[] SenderKey, byte[] BundleId, RedisKey[] Mailboxes);
}
