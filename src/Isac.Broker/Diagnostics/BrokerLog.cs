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

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "{Method} called; not implemented yet")]
    public static partial void NotImplementedYet(this ILogger logger, string method);
}
