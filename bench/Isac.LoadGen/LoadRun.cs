using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.V1;

namespace Isac.LoadGen;

/// <summary>
/// The load scenario: P publishing members and M subscribing members against a broker in a child process.
/// Everything is sealed before the timed phase; a warm-up bundle to every subscriber proves the streams are live.
/// </summary>
internal static class LoadRun
{
    /// <summary>Bundles before the timed phase: the first <see cref="WarmupToAll"/> go to every subscriber (every stream is live once they arrive); all of them warm the JIT.</summary>
    private const int WarmupBundles = 400;
    private const int WarmupToAll = 20;
    private const string Community = "load";

    public static async Task<LoadResult> RunAsync(LoadGenOptions options, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var publisherIds = Enumerable.Range(0, options.Publishers).Select(i => $"pub-{i:000}").ToArray();
        var subscriberIds = Enumerable.Range(0, options.Subscribers).Select(i => $"sub-{i:0000}").ToArray();
        var specs = publisherIds.Select(id => LoadFederation.Spec(id, Tlp.Red, Role.Cert, Community))
            .Concat(subscriberIds.Select(id => LoadFederation.Spec(id, Tlp.Amber, Role.ElectionOffice, Community)))
            .ToList();

        Console.Error.WriteLine($"setting up: {options.Publishers} publishers, {options.Subscribers} subscribers, store {options.StoreName}...");
        using var federation = await LoadFederation.CreateAsync(specs);
        await using var identity = await federation.StartIdentityAsync();
        await using var store = await StoreForRun.StartAsync(options, federation.Directory.FullName, hostGarnet: false);
        using var broker = await BrokerProcess.StartAsync(federation, publisherIds[0], store.ConnectionString, options.BrokerLogLevel);
        Console.Error.WriteLine($"broker pid {broker.Process.Id} at {broker.Address}");

        var clients = new MemberClients(federation, broker.Address);
        try
        {
            var directory = federation.Verify(await clients.Broker(publisherIds[0]).GetDirectoryAsync(new GetDirectoryRequest(), cancellationToken: cancellationToken));

            // Seal everything before the timed phase: warm-up bundles first, then the load.
            var label = options.Tlp == "amber" ? Tlp.Amber : Tlp.Green;
            var total = WarmupBundles + options.BundleCount;
            var recipients = new int[total][];
            var senders = new int[total];
            for (var b = 0; b < total; b++)
            {
                var i = b - WarmupBundles;
                recipients[b] = b < WarmupToAll
                    ? [.. Enumerable.Range(0, options.Subscribers)]
                    : [.. Enumerable.Range(0, options.FanOut).Select(k => (int)(((long)b * options.FanOut + k) % options.Subscribers))];
                senders[b] = i < 0 ? 0 : i % options.Publishers;
            }

            Console.Error.WriteLine($"sealing {total} bundles ({options.Tlp}, fan-out {options.FanOut}, payload {options.PayloadBytes} B)...");
            var sealWatch = Stopwatch.StartNew();
            var sealedBundles = new SealedBundle[total];
            var bundleIds = new Guid[total];
            Parallel.For(0, total, b =>
            {
                var sender = federation.Members[publisherIds[senders[b]]];
                var named = recipients[b].Select(s => subscriberIds[s]).ToArray();
                var members = named.Select(id => directory.FindActive(id) ?? throw new InvalidOperationException($"'{id}' is not in the directory.")).ToList();
                var payload = new byte[options.PayloadBytes];
                BitConverter.TryWriteBytes(payload, b);
                var bundle = new Bundle { Kind = BundleKind.Indicator, ContentType = "text/markdown", Payload = ByteString.CopyFrom(payload) };
                var audience = new V1.Audience();
                audience.Members.AddRange(named);
                sealedBundles[b] = new Sealer(sender.Member.MemberId, sender.Signing).Seal(new SealRequest(bundle, label, audience, members, directory.Version));
                bundleIds[b] = new Guid(RoutingHeader.Parser.ParseFrom(sealedBundles[b].Header).BundleId.Span, bigEndian: true);
            });
            var sealSeconds = sealWatch.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"sealed in {sealSeconds:0.00} s");

            var ledger = new DeliveryLedger(bundleIds, recipients, options.Subscribers);
            var refusals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var publishers = publisherIds.Select(id => new Publisher(clients.Broker(id), ledger, sealedBundles, refusals)).ToArray();

            using var stopSubscribers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            long openFailures = 0;
            var subscriberTasks = subscriberIds.Select((id, s) =>
            {
                var opener = new Opener(id, [federation.Members[id].Encryption]);
                return new MailboxSubscriber(
                    clients.Channel(id),
                    delivery =>
                    {
                        var bundleId = new Guid(RoutingHeader.Parser.ParseFrom(delivery.Header).BundleId.Span, bigEndian: true);
                        if (options.Open && !OpensTo(opener, delivery, directory, bundleId, bundleIds))
                        {
                            Interlocked.Increment(ref openFailures);
                        }

                        ledger.Delivered(s, bundleId, delivery.Sequence);
                    },
                    _ => ledger.Gap(s)).RunAsync(stopSubscribers.Token);
            }).ToArray();

            // Warm-up: every stream is live once each subscriber has the warm-up bundles.
            for (var b = 0; b < WarmupToAll; b++)
            {
                await publishers[0].PublishAsync(b, cancellationToken);
            }

            var warmupNext = WarmupToAll - 1;
            await Task.WhenAll(Enumerable.Range(0, options.InFlight).Select(_ => Task.Run(async () =>
            {
                int b;
                while ((b = Interlocked.Increment(ref warmupNext)) < WarmupBundles)
                {
                    await publishers[0].PublishAsync(b, cancellationToken);
                }
            }, cancellationToken)));

            var warmupExpected = ledger.ExpectedCount(0, WarmupBundles);
            if (!await WaitUntilAsync(() => ledger.FirstDeliveries >= warmupExpected, TimeSpan.FromSeconds(60), cancellationToken))
            {
                throw new InvalidOperationException($"Warm-up: only {ledger.FirstDeliveries} of {warmupExpected} deliveries arrived in 60 s (refusals: {Describe(refusals)}).{Environment.NewLine}{broker.Process.OutputTail()}");
            }

            var warmupDeliveries = ledger.FirstDeliveries;
            var warmupSent = publishers.Sum(p => p.Sent);
            var warmupAccepted = publishers.Sum(p => p.Accepted);

            // Let the warm-up's tail (tier-1 JIT, GC) settle: up to 15 s (3 s for --smoke), until the broker uses less
            // than 10% of a core over one second. The last second's use is reported as its idle CPU.
            var idleCores = await SettleAsync(broker.Process, TimeSpan.FromSeconds(options.Smoke ? 3 : 15), cancellationToken);

            // The timed phase.
            var cpu = new CpuMeter(broker.Process, store.Process);
            var start = Stopwatch.GetTimestamp();
            var duration = TimeSpan.FromSeconds(options.DurationSeconds);
            var perPublisher = Enumerable.Range(0, options.Publishers)
                .Select(p => Enumerable.Range(WarmupBundles, options.BundleCount).Where(b => senders[b] == p).ToArray()).ToArray();
            using var progressStop = new CancellationTokenSource();
            var progress = ProgressAsync(publishers, ledger, broker.Process, start, warmupDeliveries, progressStop.Token);
            await Task.WhenAll(publishers.Select((publisher, p) => publisher.RunAsync(perPublisher[p], p, options.Publishers, options.Rate, start, duration, options.InFlight, cancellationToken)));
            var publishEnd = Stopwatch.GetTimestamp();

            var expected = ledger.ExpectedCount(WarmupBundles, total) + warmupExpected;
            await WaitUntilAsync(() => ledger.FirstDeliveries >= expected, TimeSpan.FromSeconds(options.DrainSeconds), cancellationToken);
            var (brokerCpu, storeCpu, loadGenCpu) = cpu.Elapsed();
            var measuredSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var peak = broker.Process.PeakWorkingSet;
            await progressStop.CancelAsync();
            await progress;
            await stopSubscribers.CancelAsync();
            await Task.WhenAll(subscriberTasks);

            var accepted = publishers.Sum(p => p.Accepted) - warmupAccepted;
            var lastAccepted = Enumerable.Range(WarmupBundles, options.BundleCount).Where(ledger.IsAccepted).Select(ledger.AcceptedAt).DefaultIfEmpty(publishEnd).Max();
            var deliveries = ledger.FirstDeliveries - warmupDeliveries;
            var publishSeconds = Stopwatch.GetElapsedTime(start, Math.Max(lastAccepted, start + 1)).TotalSeconds;
            var deliverSeconds = Stopwatch.GetElapsedTime(start, Math.Max(ledger.LastDeliveryAt, start + 1)).TotalSeconds;
            var callMs = Enumerable.Range(WarmupBundles, options.BundleCount).Where(ledger.IsAccepted)
                .Select(b => (ledger.AcceptedAt(b) - ledger.SentAt(b)) * 1000.0 / Stopwatch.Frequency).ToArray();
            var (redelivered, duplicated, misrouted, gaps) = ledger.Anomalies();

            FloorResult? floor = null;
            if (options.Floor)
            {
                var floorBundles = Enumerable.Range(WarmupBundles, options.BundleCount).Where(ledger.IsAccepted).Select(b => sealedBundles[b]).ToList();
                floor = await FloorRun.RunAsync(options, floorBundles, directory, store, federation.Directory.FullName, cancellationToken);
            }

            return new LoadResult
            {
                Label = options.RunLabel,
                Store = options.StoreName,
                StartedAt = startedAt,
                Machine = MachineInfo.Describe(),
                Tlp = options.Tlp,
                Publishers = options.Publishers,
                Subscribers = options.Subscribers,
                FanOut = options.FanOut,
                TargetRate = options.Rate,
                PayloadBytes = options.PayloadBytes,
                BrokerLogLevel = options.BrokerLogLevel,
                BundlesSealed = options.BundleCount,
                SealSeconds = sealSeconds,
                Sent = publishers.Sum(p => p.Sent) - warmupSent,
                Accepted = accepted,
                Refusals = new SortedDictionary<string, long>(refusals, StringComparer.Ordinal),
                PublishSeconds = publishSeconds,
                AcceptedPerSecond = accepted / publishSeconds,
                Deliveries = deliveries,
                DeliveriesPerSecond = deliveries / deliverSeconds,
                PublishToDeliverMs = Percentiles.Of(ledger.LatenciesMs(WarmupBundles, total)),
                PublishCallMs = Percentiles.Of(callMs),
                BrokerCpuSeconds = brokerCpu,
                BrokerIdleCores = idleCores,
                MeasuredSeconds = measuredSeconds,
                StoreCpuSeconds = storeCpu,
                LoadGenCpuSeconds = loadGenCpu,
                BrokerPeakWorkingSetMiB = Math.Round(peak / 1024.0 / 1024.0, 1),
                ExpectedDeliveries = expected - warmupExpected,
                Missing = ledger.MissingCount(0, total),
                Duplicated = duplicated,
                Redelivered = redelivered,
                Misrouted = misrouted,
                Gaps = gaps,
                Opened = options.Open,
                OpenFailures = Interlocked.Read(ref openFailures),
                Floor = floor,
            };
        }
        finally
        {
            clients.Dispose();
        }
    }

    /// <summary>The node's checks and decryption; the payload starts with the bundle's index, which must match its id.</summary>
    private static bool OpensTo(Opener opener, Delivery delivery, VerifiedDirectory directory, Guid bundleId, Guid[] bundleIds)
    {
        try
        {
            var payload = opener.Open(delivery, directory).Bundle.Payload.Span;
            var index = BitConverter.ToInt32(payload);
            return index >= 0 && index < bundleIds.Length && bundleIds[index] == bundleId;
        }
        catch (EnvelopeException)
        {
            return false;
        }
    }

    private static async Task<double> SettleAsync(ChildProcess broker, TimeSpan limit, CancellationToken cancellationToken)
    {
        var settle = Stopwatch.StartNew();
        while (true)
        {
            var from = broker.CpuTime;
            var window = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var cores = (broker.CpuTime - from).TotalSeconds / window.Elapsed.TotalSeconds;
            if (cores < 0.10 || settle.Elapsed >= limit)
            {
                return cores;
            }
        }
    }

    internal static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken);
        }

        return true;
    }

    internal static string Describe(IReadOnlyDictionary<string, long> refusals) =>
        refusals.Count == 0 ? "none" : string.Join(", ", refusals.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));

    private static async Task ProgressAsync(Publisher[] publishers, DeliveryLedger ledger, ChildProcess broker, long start, long warmupDeliveries, CancellationToken cancellationToken)
    {
        var lastCpu = broker.CpuTime;
        var lastAt = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(1000, cancellationToken);
                var cpu = broker.CpuTime;
                var now = Stopwatch.GetTimestamp();
                var share = (cpu - lastCpu).TotalSeconds / Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds;
                (lastCpu, lastAt) = (cpu, now);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{Stopwatch.GetElapsedTime(start).TotalSeconds,6:0.0}s] sent {publishers.Sum(p => p.Sent),8} accepted {publishers.Sum(p => p.Accepted),8} refused {publishers.Sum(p => p.Refused),5} delivered {ledger.FirstDeliveries - warmupDeliveries,9} broker cpu {share * 100,4:0}%"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
