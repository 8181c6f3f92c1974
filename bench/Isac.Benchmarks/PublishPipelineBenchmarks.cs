using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Isac.Broker.Hosting;
using Isac.Broker.Membership;
using Isac.Broker.Publishing;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.LoadGen;
using Isac.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Isac.Benchmarks;

/// <summary>
/// The broker's publish pipeline in process, without gRPC and TLS: validate (parse, signature, Merkle root,
/// policy), replay check, bundle store, one mailbox script per recipient, audit, receipt signature, commit and the
/// durability wait, against embedded Garnet and against a redis-server (append-only, fsync always). Each
/// iteration publishes a batch of freshly sealed bundles (sealed in the iteration setup, not measured) with 32
/// in flight, as concurrent publishers would; the time is per bundle.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(2)]
[IterationCount(10)]
[InvocationCount(1, 1)]
public class PublishPipelineBenchmarks
{
    private const int Batch = 400;
    private const int InFlight = 32;
    private const string Publisher = "pub-000";
    private LoadFederation _federation = null!;
    private ChildProcess? _redis;
    private WebApplication _broker = null!;
    private WebApplication _identity = null!;
    private PublishPipeline _pipeline = null!;
    private VerifiedDirectory _directory = null!;
    private string[] _subscribers = null!;
    private SealedBundle[] _batch = [];

    /// <summary>The broker's store.</summary>
    [Params("garnet", "redis")]
    public string Store { get; set; } = "garnet";

    /// <summary>Recipients per bundle.</summary>
    [Params(1, 10)]
    public int FanOut { get; set; }

    /// <summary>Starts the store and the broker host in this process (Kestrel listens on a free port, unused).</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Seals the batch for the next iteration.</summary>
    [IterationSetup]
    public void SealBatch()
    {
        var keys = _federation.Members[Publisher];
        var sealer = new Sealer(Publisher, keys.Signing);
        _batch = new SealedBundle[Batch];
        Parallel.For(0, Batch, i =>
        {
            var named = Enumerable.Range(0, FanOut).Select(k => _subscribers[(i + k) % _subscribers.Length]).ToArray();
            var audience = new Isac.V1.Audience();
            audience.Members.AddRange(named);
            var bundle = new Bundle { Kind = BundleKind.Indicator, ContentType = "text/markdown", Payload = ByteString.CopyFrom(new byte[512]) };
            _batch[i] = sealer.Seal(new SealRequest(bundle, Tlp.Green, audience, [.. named.Select(id => _directory.FindActive(id)!)], _directory.Version));
        });
    }

    /// <summary>Publishes the batch through the pipeline, <see cref="InFlight"/> at a time.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task Publish()
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < _batch.Length)
            {
                await _pipeline.PublishAsync(Publisher, _batch[i], CancellationToken.None);
            }
        }));
    }

    /// <summary>Stops the broker and the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _broker.StopAsync().GetAwaiter().GetResult();
        _broker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _identity.StopAsync().GetAwaiter().GetResult();
        _identity.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _redis?.Dispose();
        _federation.Dispose();
    }

    private async Task SetupAsync()
    {
        _subscribers = [.. Enumerable.Range(0, 10).Select(i => $"sub-{i:0000}")];
        var specs = new List<Member> { LoadFederation.Spec(Publisher, Tlp.Red, Role.Cert, "load") };
        specs.AddRange(_subscribers.Select(id => LoadFederation.Spec(id, Tlp.Amber, Role.ElectionOffice, "load")));
        _federation = await LoadFederation.CreateAsync(specs);
        // The broker does not start without its identity service (the pipeline is called directly, without tokens).
        _identity = await _federation.StartIdentityAsync();
        string? connectionString = null;
        if (Store == "redis")
        {
            (_redis, connectionString) = await RedisProcess.StartAsync(Path.Combine(_federation.Directory.FullName, "redis"));
        }

        var settings = _federation.BrokerEnvironment(0, connectionString, "Warning")
            .Where(s => s.Key.Contains("__", StringComparison.Ordinal))
            .ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value);
        _broker = BrokerHost.Build(["--hostBuilder:reloadConfigOnChange=false"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await _broker.StartAsync();
        _pipeline = _broker.Services.GetRequiredService<PublishPipeline>();
        var brokerDirectory = _broker.Services.GetRequiredService<BrokerDirectory>();
        for (var i = 0; i < 300 && !brokerDirectory.IsLoaded; i++)
        {
            await Task.Delay(100);
        }

        _directory = _federation.Verify(Isac.V1.SignedDirectorySnapshot.Parser.ParseFrom(brokerDirectory.Current.SignedSnapshotBytes.Span));
    }
}
