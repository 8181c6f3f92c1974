using Isac.Core.Membership;

namespace Isac.Node.Hosting;

/// <summary>The node's log messages (source-generated, structured).</summary>
internal static partial class NodeLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "The stored directory version {Version} no longer verifies ({Error}: {Detail}); the node fetches a new one")]
    public static partial void StoredDirectoryInvalid(this ILogger logger, ulong version, DirectoryError error, string detail);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Cannot fetch the directory from the broker ({Reason}); keeping version {Version}")]
    public static partial void DirectoryFetchFailed(this ILogger logger, string reason, ulong? version);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Refused the broker's directory snapshot: {Error}: {Detail}")]
    public static partial void DirectoryRefused(this ILogger logger, DirectoryError error, string detail);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Broker unreachable ({Reason}); bundle {BundleId} stays in the outbox")]
    public static partial void OutboxQueued(this ILogger logger, string reason, string bundleId);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "The broker refused bundle {BundleId} as {Detail}; sealing it again")]
    public static partial void OutboxResealAfterRefusal(this ILogger logger, string bundleId, string detail);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Re-sealed stale outbox item {OldId} as {NewId}")]
    public static partial void OutboxResealed(this ILogger logger, string oldId, string newId);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Bundle {BundleId} was refused ({Status}): {Detail}")]
    public static partial void OutboxFailed(this ILogger logger, string bundleId, Grpc.Core.StatusCode status, string detail);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Error, Message = "The outbox pass failed; trying again")]
    public static partial void OutboxPassFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "Quarantined delivery {Sequence}: {Error}: {Detail}")]
    public static partial void Quarantined(this ILogger logger, ulong sequence, Isac.Core.Envelope.EnvelopeError error, string detail);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Mailbox subscription interrupted ({Reason}); reconnecting in {Delay}")]
    public static partial void SubscriptionInterrupted(this ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 2033, Level = LogLevel.Debug, Message = "The broker ended the mailbox stream as its access token expired; subscribing again with a fresh token")]
    public static partial void SubscriptionTokenExpired(this ILogger logger);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "The broker reports lost mailbox sequences {From} to {To}: {Reason}")]
    public static partial void GapReported(this ILogger logger, ulong from, ulong to, string reason);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Information, Message = "Ack of {Sequence} failed ({Reason}); the next ack covers it")]
    public static partial void AckFailed(this ILogger logger, ulong sequence, string reason);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Warning, Message = "AUDIT destroyed retired encryption key {KeyId} ({Path}): the snapshot since {SupersededSince:O} carries the new key, the broker's grace and bundle age ran out at {Deadline:O}, and the mailbox is acked to its head {Head}")]
    public static partial void RetiredKeyDestroyed(this ILogger logger, string keyId, string path, DateTimeOffset supersededSince, DateTimeOffset deadline, ulong head);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Debug, Message = "Retired encryption key {KeyId} is kept: {Reason}")]
    public static partial void RetiredKeyKept(this ILogger logger, string keyId, string reason);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Warning, Message = "The retired-key check failed; trying again later")]
    public static partial void RetiredKeyCheckFailed(this ILogger logger, Exception exception);
}
