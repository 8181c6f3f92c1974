namespace Isac.LoadGen;

/// <summary>The figures of the 10,000-recipient bulletin scenario (see bench/README.md).</summary>
internal sealed record BulletinResult
{
    public required string Label { get; init; }

    public required string Store { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required MachineInfo Machine { get; init; }

    public required int Members { get; init; }

    public required int Recipients { get; init; }

    public required double DirectoryVerifySeconds { get; init; }

    public required double ResolveSeconds { get; init; }

    public required double SealSeconds { get; init; }

    /// <summary>CPU seconds of the load-generator process during the seal (the seal runs on one thread; the rest of the process is idle).</summary>
    public required double SealCpuSeconds { get; init; }

    public required int SealedBundleBytes { get; init; }

    public required double AcceptSeconds { get; init; }

    public required double BrokerCpuSeconds { get; init; }

    public required double BrokerPeakWorkingSetMiB { get; init; }

    public required int LiveSubscribers { get; init; }

    public required double LastLiveDeliverySeconds { get; init; }

    public required Percentiles LiveDeliveryMs { get; init; }

    public required int MaxLiveDeliveryBytes { get; init; }

    public required int MailboxesChecked { get; init; }

    public required int MailboxesWithExactlyOne { get; init; }

    public required int ValidEntryAndProof { get; init; }

    public required double MailboxCheckSeconds { get; init; }

    public bool Passed => MailboxesChecked == Recipients && MailboxesWithExactlyOne == Recipients && ValidEntryAndProof == Recipients;
}
