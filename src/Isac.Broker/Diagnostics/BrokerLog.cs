namespace Isac.Broker.Diagnostics;

/// <summary>The broker's log messages and scopes (source-generated, structured).</summary>
internal static partial class BrokerLog
{
    private static readonly Func<ILogger, string, IDisposable?> MemberScope =
        LoggerMessage.DefineScope<string>("MemberId:{MemberId}");

    private static readonly Func<ILogger, string, IDisposable?> RefusalScope =
        LoggerMessage.DefineScope<string>("Reason:{Reason}");

    /// <summary>Scope that tags every log line of a call with the caller's member id.</summary>
    public static IDisposable? BeginMemberScope(this ILogger logger, string memberId) => MemberScope(logger, memberId);

    /// <summary>Scope that tags a refusal with its reason token.</summary>
    public static IDisposable? BeginRefusalScope(this ILogger logger, string reason) => RefusalScope(logger, reason);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refused a client certificate in the TLS handshake: {Detail} (subject {Subject})")]
    public static partial void TlsClientCertificateRefused(this ILogger logger, string detail, string subject);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Refused certificate authentication: {Detail}")]
    public static partial void AuthenticationRefused(this ILogger logger, string detail);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Authenticated member {MemberId}")]
    public static partial void MemberAuthenticated(this ILogger logger, string memberId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Accepted {Label} bundle {BundleId} from {Sender} for {Recipients} recipients")]
    public static partial void PublishAccepted(this ILogger logger, string label, string bundleId, string sender, int recipients);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Publish {BundleId} is a retry of a committed bundle: original receipt")]
    public static partial void PublishRetryCommitted(this ILogger logger, string bundleId);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Refused publish from {Sender}: {Status} {Reason}: {Detail}")]
    public static partial void PublishRefused(this ILogger logger, string sender, Grpc.Core.StatusCode status, string reason, string detail);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Error, Message = "Store unavailable during a call from {Sender}")]
    public static partial void StoreUnavailable(this ILogger logger, Exception exception, string sender);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "Could not audit a refusal ({Reason}) from {Sender}")]
    public static partial void RefusalNotAudited(this ILogger logger, Exception exception, string reason, string sender);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Issued directory version {Version} ({Why}; stored: {Result})")]
    public static partial void DirectoryIssued(this ILogger logger, ulong version, string why, string result);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Directory refresh failed; serving the last verified snapshot")]
    public static partial void DirectoryRefreshFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Pending sweep failed; retrying at the next tick")]
    public static partial void SweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Sweeper finished the pending fan-out of {BundleId} from {Sender}")]
    public static partial void SweepFinished(this ILogger logger, string bundleId, string sender);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Pending bundle {BundleId} from {Sender} no longer validates: {Reason}: {Detail}")]
    public static partial void SweepInvalid(this ILogger logger, string bundleId, string sender, string reason, string detail);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "Could not write an audit checkpoint; retrying at the next tick")]
    public static partial void CheckpointFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "{Member} subscribed after sequence {Cursor}")]
    public static partial void Subscribed(this ILogger logger, string member, ulong cursor);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Closed the stream of {Member}: revoked")]
    public static partial void StreamClosedRevoked(this ILogger logger, string member);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "Sequence {Sequence} of {Member} was never receipted (its publish can no longer be finished): sent as a gap")]
    public static partial void DeliveryAbandonedWithoutReceipt(this ILogger logger, string member, ulong sequence);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Information, Message = "Closed the stream of {Member}: the access token it was opened with expired")]
    public static partial void StreamClosedTokenExpired(this ILogger logger, string member);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Debug, Message = "Holding back sequence {Sequence} of {Member} until its bundle has a receipt")]
    public static partial void DeliveryHeldWithoutReceipt(this ILogger logger, string member, ulong sequence);
}
