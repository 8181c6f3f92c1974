namespace Isac.Storage;

/// <summary>The answer of <see cref="IReplayCache.BeginPublishAsync"/>.</summary>
/// <param name="Status">Why the publish may or may not go on.</param>
/// <param name="Receipt">The stored receipt bytes when <paramref name="Status"/> is <see cref="ReplayStatus.Committed"/>; otherwise null.</param>
public sealed record ReplayCheck(ReplayStatus Status, byte[]? Receipt = null);
