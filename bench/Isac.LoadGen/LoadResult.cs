namespace Isac.LoadGen;

/// <summary>The figures of one load run (see bench/README.md for what each means).</summary>
internal sealed record LoadResult
{
    public required string Label { get; init; }

    public required string Store { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required MachineInfo Machine { get; init; }

    public required string Tlp { get; init; }

    public required int Publishers { get; init; }

    public required int Subscribers { get; init; }

    public required int FanOut { get; init; }

    public required double TargetRate { get; init; }

    public required int PayloadBytes { get; init; }

    public required string BrokerLogLevel { get; init; }

    public required int BundlesSealed { get; init; }

    public required double SealSeconds { get; init; }

    public required long Sent { get; init; }

    public required long Accepted { get; init; }

    public required IReadOnlyDictionary<string, long> Refusals { get; init; }

    public required double PublishSeconds { get; init; }

    public required double AcceptedPerSecond { get; init; }

    public required long Deliveries { get; init; }

    public required double DeliveriesPerSecond { get; init; }

    public required Percentiles PublishToDeliverMs { get; init; }

    public required Percentiles PublishCallMs { get; init; }

    public required double BrokerCpuSeconds { get; init; }

    /// <summary>The broker's CPU use while idle (cores): the last second of the settling wait before the timed phase.</summary>
    public required double BrokerIdleCores { get; init; }

    /// <summary>Wall time over which <see cref="BrokerCpuSeconds"/> was measured (timed phase and drain).</summary>
    public required double MeasuredSeconds { get; init; }

    public required double? StoreCpuSeconds { get; init; }

    public required double LoadGenCpuSeconds { get; init; }

    public required double BrokerPeakWorkingSetMiB { get; init; }

    public double BrokerCpuSecondsPer1000Bundles => Accepted == 0 ? double.NaN : BrokerCpuSeconds / Accepted * 1000;

    public double BundlesPerBrokerCoreSecond => BrokerCpuSeconds == 0 ? double.NaN : Accepted / BrokerCpuSeconds;

    public double DeliveriesPerBrokerCoreSecond => BrokerCpuSeconds == 0 ? double.NaN : Deliveries / BrokerCpuSeconds;

    public required long ExpectedDeliveries { get; init; }

    public required long Missing { get; init; }

    public required long Duplicated { get; init; }

    public required long Redelivered { get; init; }

    public required long Misrouted { get; init; }

    public required long Gaps { get; init; }

    /// <summary>Whether the subscribers verified and opened every delivery (<c>--open</c>).</summary>
    public bool Opened { get; init; }

    /// <summary>Deliveries that did not verify, open, or carry their own bundle's index (with <c>--open</c>).</summary>
    public long OpenFailures { get; init; }

    public bool ExactlyOnce => Missing == 0 && Duplicated == 0 && Misrouted == 0 && Gaps == 0 && OpenFailures == 0;

    public FloorResult? Floor { get; init; }

    /// <summary>Broker CPU per bundle over the floor's CPU per bundle (process against process; for Redis, the server's CPU is excluded on both sides).</summary>
    public double? FloorRatio => Floor is null || Accepted == 0 ? null : BrokerCpuSeconds * 1000 / Accepted / Floor.CpuMsPerBundle;

    /// <summary>For Redis: (broker + redis-server) CPU per bundle over (floor client + redis-server) CPU per bundle.</summary>
    public double? FloorRatioWithStore => Floor?.CpuMsPerBundleWithStore is { } floor && StoreCpuSeconds is { } store && Accepted > 0
        ? (BrokerCpuSeconds + store) * 1000 / Accepted / floor
        : null;
}
