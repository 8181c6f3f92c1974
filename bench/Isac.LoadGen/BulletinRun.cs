using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Policy;
using Isac.Storage;
using Isac.V1;

namespace Isac.LoadGen;

/// <summary>
/// One TLP:GREEN bulletin from a national CERT to a community of N generated members: seal time, broker accept
/// time, live delivery to a sample of members over gRPC, and a read of every member's mailbox in the store
/// (one delivery, one entry, a Merkle proof that leads to the signed root). The store is one this process can
/// read: Garnet hosted here (the broker connects to it) or Redis.
/// </summary>
internal static class BulletinRun
{
    private const string Cert = "cert-national";
    private const string Community = "bulletin";

    public static async Task<BulletinResult> RunAsync(LoadGenOptions options, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var memberIds = Enumerable.Range(0, options.Members).Select(i => $"office-{i:00000}").ToArray();
        var specs = new List<Member> { LoadFederation.Spec(Cert, Tlp.Red, Role.Cert, "national") };
        specs.AddRange(memberIds.Select(id => LoadFederation.Spec(id, Tlp.Amber, Role.ElectionOffice, Community)));
        Console.Error.WriteLine($"setting up {options.Members} members (keys, root-signed cards)...");
        using var federation = await LoadFederation.CreateAsync(specs);
        await using var identity = await federation.StartIdentityAsync();
        await using var store = await StoreForRun.StartAsync(options, federation.Directory.FullName, hostGarnet: true);
        using var broker = await BrokerProcess.StartAsync(federation, Cert, store.ConnectionString, options.BrokerLogLevel);
        Console.Error.WriteLine($"broker pid {broker.Process.Id} at {broker.Address}");
        var clients = new MemberClients(federation, broker.Address);
        try
        {
            var watch = Stopwatch.StartNew();
            var directory = federation.Verify(await clients.Broker(Cert).GetDirectoryAsync(new GetDirectoryRequest(), cancellationToken: cancellationToken));
            var verifySeconds = watch.Elapsed.TotalSeconds;
            var cert = federation.Members[Cert];
            var sealer = new Sealer(Cert, cert.Signing);

            // Live subscribers: a sample spread over the members, the last one included.
            var live = Enumerable.Range(0, Math.Min(options.LiveSubscribers, options.Members))
                .Select(i => memberIds[(int)((long)i * (options.Members - 1) / Math.Max(1, Math.Min(options.LiveSubscribers, options.Members) - 1))])
                .Distinct(StringComparer.Ordinal).ToArray();
            var arrivals = new ConcurrentDictionary<string, (long At, Delivery Delivery)>(StringComparer.Ordinal);
            var warmed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            ByteString? bulletinId = null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tasks = live.Select(id => new MailboxSubscriber(clients.Channel(id), delivery =>
            {
                var header = RoutingHeader.Parser.ParseFrom(delivery.Header);
                if (bulletinId is not null && header.BundleId == bulletinId)
                {
                    arrivals.TryAdd(id, (Stopwatch.GetTimestamp(), delivery));
                }
                else
                {
                    warmed[id] = true;
                }
            }, _ => { }).RunAsync(stop.Token)).ToArray();

            if (live.Length > 0)
            {
                var warmAudience = new V1.Audience();
                warmAudience.Members.AddRange(live);
                var warm = sealer.Seal(new SealRequest(new Bundle { Kind = BundleKind.Advisory, ContentType = "text/markdown", Payload = ByteString.CopyFromUtf8("warm-up") },
                    Tlp.Green, warmAudience, [.. live.Select(id => directory.FindActive(id)!)], directory.Version));
                await clients.Broker(Cert).PublishAsync(warm, cancellationToken: cancellationToken);
                if (!await LoadRun.WaitUntilAsync(() => warmed.Count == live.Length, TimeSpan.FromSeconds(120), cancellationToken))
                {
                    throw new InvalidOperationException($"Only {warmed.Count} of {live.Length} live subscribers got the warm-up bundle.");
                }
            }

            Console.Error.WriteLine($"sealing one TLP:GREEN bulletin to community '{Community}'...");
            watch.Restart();
            var resolution = new SharingPolicy().ResolveRecipients(cert.Member, Tlp.Green, Core.Policy.Audience.OfCommunities(Community), directory.ActiveMembers);
            var resolveSeconds = watch.Elapsed.TotalSeconds;
            if (!resolution.IsAllowed)
            {
                throw new InvalidOperationException($"The policy refuses the bulletin: {resolution.Decision}");
            }

            var audience = new V1.Audience();
            audience.Communities.Add(Community);
            var payload = ByteString.CopyFromUtf8("# Bulletin\n\nPolling-place phishing wave: see the indicators attached.");
            watch.Restart();
            var sealCpu0 = CpuMeter.Self();
            var bulletin = sealer.Seal(new SealRequest(new Bundle { Kind = BundleKind.Bulletin, ContentType = "text/markdown", Payload = payload }, Tlp.Green, audience, resolution.Recipients, directory.Version));
            var sealSeconds = watch.Elapsed.TotalSeconds;
            var sealCpuSeconds = (CpuMeter.Self() - sealCpu0).TotalSeconds;
            var header = RoutingHeader.Parser.ParseFrom(bulletin.Header);
            bulletinId = header.BundleId;
            Console.Error.WriteLine($"sealed to {resolution.Recipients.Count} recipients in {sealSeconds:0.000} s ({bulletin.CalculateSize() / 1024.0 / 1024.0:0.0} MiB); publishing...");

            var cpu = new CpuMeter(broker.Process, store.Process);
            var publishStart = Stopwatch.GetTimestamp();
            await clients.Broker(Cert).PublishAsync(bulletin, cancellationToken: cancellationToken);
            var acceptSeconds = Stopwatch.GetElapsedTime(publishStart).TotalSeconds;
            await LoadRun.WaitUntilAsync(() => arrivals.Count == live.Length, TimeSpan.FromSeconds(options.DrainSeconds), cancellationToken);
            var brokerCpu = cpu.Elapsed().Broker;
            var peak = broker.Process.PeakWorkingSet;
            await stop.CancelAsync();
            await Task.WhenAll(tasks);
            var liveMs = arrivals.Values.Select(a => (a.At - publishStart) * 1000.0 / Stopwatch.Frequency).ToArray();
            Console.Error.WriteLine($"accepted in {acceptSeconds:0.000} s; {arrivals.Count}/{live.Length} live subscribers have it; checking every mailbox...");

            watch.Restart();
            var (checkedCount, exactlyOne, valid) = await CheckMailboxesAsync(store.ConnectionString!, memberIds, header, cancellationToken);
            var checkSeconds = watch.Elapsed.TotalSeconds;

            return new BulletinResult
            {
                Label = options.RunLabel,
                Store = options.StoreName,
                StartedAt = startedAt,
                Machine = MachineInfo.Describe(),
                Members = options.Members,
                Recipients = resolution.Recipients.Count,
                DirectoryVerifySeconds = verifySeconds,
                ResolveSeconds = resolveSeconds,
                SealSeconds = sealSeconds,
                SealCpuSeconds = sealCpuSeconds,
                SealedBundleBytes = bulletin.CalculateSize(),
                AcceptSeconds = acceptSeconds,
                BrokerCpuSeconds = brokerCpu,
                BrokerPeakWorkingSetMiB = Math.Round(peak / 1024.0 / 1024.0, 1),
                LiveSubscribers = live.Length,
                LastLiveDeliverySeconds = liveMs.DefaultIfEmpty(double.NaN).Max() / 1000,
                LiveDeliveryMs = Percentiles.Of(liveMs),
                MaxLiveDeliveryBytes = arrivals.Values.Select(a => a.Delivery.CalculateSize()).DefaultIfEmpty(0).Max(),
                MailboxesChecked = checkedCount,
                MailboxesWithExactlyOne = exactlyOne,
                ValidEntryAndProof = valid,
                MailboxCheckSeconds = checkSeconds,
            };
        }
        finally
        {
            clients.Dispose();
        }
    }

    /// <summary>Reads every member's mailbox: exactly one delivery of the bulletin, with its own entry and a proof to the signed root.</summary>
    private static async Task<(int Checked, int ExactlyOne, int Valid)> CheckMailboxesAsync(string connectionString, string[] memberIds, RoutingHeader header, CancellationToken cancellationToken)
    {
        await using var reader = await BrokerStore.ConnectAsync(new StoreOptions { ConnectionString = connectionString }, cancellationToken: cancellationToken);
        var bundleId = header.BundleId.ToByteArray();
        int checkedCount = 0, exactlyOne = 0, valid = 0;
        await Parallel.ForEachAsync(memberIds, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (memberId, token) =>
        {
            var items = await reader.ReadAsync(memberId, 0, 16, token);
            var mine = items.OfType<MailboxDelivery>().Where(d => d.BundleId.AsSpan().SequenceEqual(bundleId)).ToList();
            Interlocked.Increment(ref checkedCount);
            if (mine.Count != 1)
            {
                return;
            }

            Interlocked.Increment(ref exactlyOne);
            var delivery = mine[0];
            var entry = RecipientEntry.Parser.ParseFrom(delivery.RecipientEntry);
            if (entry.MemberId == memberId && delivery.MerkleProof.Length > 0
                && MerkleTree.VerifyProof(delivery.RecipientEntry, MerkleProof.Parser.ParseFrom(delivery.MerkleProof), header.RecipientsRoot.Span, header.RecipientCount))
            {
                Interlocked.Increment(ref valid);
            }
        });
        return (checkedCount, exactlyOne, valid);
    }
}
