using System.Globalization;

namespace Isac.LoadGen;

/// <summary>What to run, parsed from the command line (see <see cref="Usage"/>).</summary>
internal sealed record LoadGenOptions
{
    public const string Usage = """
        Isac.LoadGen: drives a real broker (child process, real gRPC, mTLS) and reports throughput, latency,
        broker CPU and memory, refusals, the exactly-once check and the floor ratio.

          --scenario load|bulletin   load: P publishers, M subscribers (default); bulletin: one TLP:GREEN bulletin to --members
          --publishers P             publishing members (default 2)
          --subscribers M            subscribing members (default 10)
          --fanout F                 recipients per bundle, named members, F <= M (default 1)
          --rate R                   bundles/s over all publishers; 0 = as fast as possible (default 0)
          --duration S               seconds of the timed phase (default 10)
          --bundles N                bundles sealed before the timed phase (default: rate*duration, or 1000*duration when rate is 0)
          --inflight N               concurrent publishes per publisher (default 32)
          --payload BYTES            payload size (default 512)
          --tlp green|amber          label of the load bundles (default green)
          --store garnet|redis|redis=HOST:PORT   broker store: embedded Garnet (default), a redis-server started here, or a running one
          --open                     subscribers verify and open every delivery (the node's checks and decryption; costs load-generator CPU)
          --floor                    also measure the floor (Ed25519 verify + SET NX PX + fan-out writes) in the same run
          --members N                bulletin: number of generated members (default 10000)
          --live N                   bulletin: live gRPC subscribers sampled among the members (default 100)
          --drain S                  seconds to wait for the last deliveries after the timed phase (default 30)
          --out DIR                  where the Markdown and JSON results go (default bench/results)
          --label TEXT               a name for this run in the results (default: derived from the options)
          --broker-log-level LEVEL   the broker's log level (default Warning)
          --smoke                    a few-second check: P=2 M=4 F=2 rate 300/s 3 s; fails on any loss, duplicate, misroute or refusal
        Exit code: 0 when every receipted bundle reached each recipient exactly once (after de-duplication), 1 otherwise, 2 for bad options.
        """;

    public string Scenario { get; init; } = "load";

    public int Publishers { get; init; } = 2;

    public int Subscribers { get; init; } = 10;

    public int FanOut { get; init; } = 1;

    public double Rate { get; init; }

    public double DurationSeconds { get; init; } = 10;

    public int? Bundles { get; init; }

    public int InFlight { get; init; } = 32;

    public int PayloadBytes { get; init; } = 512;

    public string Tlp { get; init; } = "green";

    /// <summary>"garnet", "redis" (start one here) or a Redis connection string.</summary>
    public string Store { get; init; } = "garnet";

    public bool Floor { get; init; }

    public bool Open { get; init; }

    public int Members { get; init; } = 10_000;

    public int LiveSubscribers { get; init; } = 100;

    public double DrainSeconds { get; init; } = 30;

    public string? OutputDirectory { get; init; }

    public string? Label { get; init; }

    public string BrokerLogLevel { get; init; } = "Warning";

    public bool Smoke { get; init; }

    public bool FailOnRefusal { get; init; }

    public int BundleCount => Bundles ?? (int)Math.Ceiling((Rate > 0 ? Rate : 1000) * DurationSeconds);

    public bool RedisStore => !string.Equals(Store, "garnet", StringComparison.Ordinal);

    /// <summary>The connection string of an already running Redis, or null to start one (or use Garnet).</summary>
    public string? RedisConnectionString => Store.StartsWith("redis=", StringComparison.Ordinal) ? Store["redis=".Length..] : null;

    public string StoreName => RedisStore ? "redis" : "garnet";

    public string RunLabel => Label ?? (Scenario == "bulletin"
        ? $"bulletin-{Members}-{StoreName}"
        : $"{StoreName}-f{FanOut}-{(Rate > 0 ? Rate.ToString(CultureInfo.InvariantCulture) + "ps" : "max")}");

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a message naming the option.</summary>
    public static LoadGenOptions Parse(string[] args)
    {
        var options = new LoadGenOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--scenario" => options with { Scenario = Value() },
                "--publishers" => options with { Publishers = Int(name, Value()) },
                "--subscribers" => options with { Subscribers = Int(name, Value()) },
                "--fanout" => options with { FanOut = Int(name, Value()) },
                "--rate" => options with { Rate = Double(name, Value()) },
                "--duration" => options with { DurationSeconds = Double(name, Value()) },
                "--bundles" => options with { Bundles = Int(name, Value()) },
                "--inflight" => options with { InFlight = Int(name, Value()) },
                "--payload" => options with { PayloadBytes = Int(name, Value()) },
                "--tlp" => options with { Tlp = Value() },
                "--store" => options with { Store = Value() },
                "--floor" => options with { Floor = true },
                "--open" => options with { Open = true },
                "--members" => options with { Members = Int(name, Value()) },
                "--live" => options with { LiveSubscribers = Int(name, Value()) },
                "--drain" => options with { DrainSeconds = Double(name, Value()) },
                "--out" => options with { OutputDirectory = Value() },
                "--label" => options with { Label = Value() },
                "--broker-log-level" => options with { BrokerLogLevel = Value() },
                "--smoke" => options with
                {
                    Smoke = true,
                    Publishers = 2,
                    Subscribers = 4,
                    FanOut = 2,
                    Rate = 300,
                    DurationSeconds = 3,
                    DrainSeconds = 15,
                    FailOnRefusal = true,
                },
                "--fail-on-refusal" => options with { FailOnRefusal = true },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        options.Validate();
        return options;
    }

    private void Validate()
    {
        if (Scenario is not ("load" or "bulletin"))
        {
            throw new ArgumentException($"--scenario must be load or bulletin, not '{Scenario}'.");
        }

        if (Publishers < 1 || Subscribers < 1 || FanOut < 1 || InFlight < 1 || PayloadBytes < 1 || Members < 1 || LiveSubscribers < 0)
        {
            throw new ArgumentException("--publishers, --subscribers, --fanout, --inflight, --payload and --members must be at least 1 (--live at least 0).");
        }

        if (FanOut > Subscribers)
        {
            throw new ArgumentException($"--fanout {FanOut} is more than --subscribers {Subscribers}: each bundle names F distinct subscribers.");
        }

        if (Tlp is not ("green" or "amber"))
        {
            throw new ArgumentException($"--tlp must be green or amber, not '{Tlp}'.");
        }

        if (Store is not ("garnet" or "redis") && RedisConnectionString is null)
        {
            throw new ArgumentException($"--store must be garnet, redis or redis=HOST:PORT, not '{Store}'.");
        }

        if (Rate < 0 || DurationSeconds <= 0 || DrainSeconds <= 0)
        {
            throw new ArgumentException("--rate must be at least 0; --duration and --drain more than 0.");
        }
    }

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : throw new ArgumentException($"{name} expects an integer, not '{value}'.");

    private static double Double(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) ? result : throw new ArgumentException($"{name} expects a number, not '{value}'.");
}
