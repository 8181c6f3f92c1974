using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Isac.V1;

namespace Isac.LoadGen;

/// <summary>
/// One publishing member: sends its pre-sealed bundles at a share of the target rate (open loop, at most
/// <c>inFlight</c> outstanding) or as fast as <c>inFlight</c> concurrent calls allow, until the time is up.
/// </summary>
internal sealed class Publisher(V1.Broker.BrokerClient client, DeliveryLedger ledger, IReadOnlyList<SealedBundle> sealedBundles, ConcurrentDictionary<string, long> refusals)
{
    private long _sent;
    private long _accepted;
    private long _refused;

    public long Sent => Interlocked.Read(ref _sent);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    /// <param name="bundles">This publisher's bundle indexes, in sending order.</param>
    /// <param name="slot">This publisher's index among <paramref name="publishers"/>, for its place in the global schedule.</param>
    /// <param name="publishers">How many publishers share the rate.</param>
    /// <param name="rate">Bundles/s over all publishers; 0 = as fast as possible.</param>
    /// <param name="start">Stopwatch timestamp of the start of the timed phase.</param>
    /// <param name="duration">Length of the timed phase.</param>
    /// <param name="inFlight">Most outstanding publishes.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task RunAsync(IReadOnlyList<int> bundles, int slot, int publishers, double rate, long start, TimeSpan duration, int inFlight, CancellationToken cancellationToken)
    {
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        if (rate <= 0)
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
            {
                int j;
                while ((j = Interlocked.Increment(ref next)) < bundles.Count && Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
                {
                    await PublishAsync(bundles[j], cancellationToken);
                }
            }, cancellationToken)));
            return;
        }

        using var window = new SemaphoreSlim(inFlight);
        var pending = new List<Task>(bundles.Count);
        for (var j = 0; j < bundles.Count && !cancellationToken.IsCancellationRequested; j++)
        {
            var due = start + (long)((((double)j * publishers) + slot) / rate * Stopwatch.Frequency);
            if (due >= end)
            {
                break;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            await window.WaitAsync(cancellationToken);
            var bundle = bundles[j];
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await PublishAsync(bundle, cancellationToken);
                }
                finally
                {
                    window.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(pending);
    }

    /// <summary>Publishes one bundle and records the outcome (used for the warm-up too).</summary>
    public async Task PublishAsync(int bundle, CancellationToken cancellationToken)
    {
        ledger.Sent(bundle);
        Interlocked.Increment(ref _sent);
        try
        {
            var response = await client.PublishAsync(sealedBundles[bundle], cancellationToken: cancellationToken);
            if (response.Receipt is null)
            {
                throw new RpcException(new Status(StatusCode.Internal, "no-receipt: the broker answered without a receipt"));
            }

            ledger.Accepted(bundle);
            Interlocked.Increment(ref _accepted);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _refused);
            refusals.AddOrUpdate(ReasonOf(ex), 1, (_, n) => n + 1);
        }
    }

    /// <summary>"PermissionDenied/extra-recipient": the status and the broker's stable reason tag (the text before the first colon).</summary>
    private static string ReasonOf(RpcException ex)
    {
        var detail = ex.Status.Detail ?? string.Empty;
        var colon = detail.IndexOf(':', StringComparison.Ordinal);
        var tag = colon > 0 && !detail[..colon].Contains(' ', StringComparison.Ordinal) ? detail[..colon] : "(no reason)";
        return $"{ex.StatusCode}/{tag}";
    }
}
