namespace Isac.Broker.Tokens;

/// <summary>Log messages of the token checks (source-generated).</summary>
internal static partial class TokenLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Call to {Method} refused ({Status}): {Reason}")]
    public static partial void TokenRefused(this ILogger logger, string method, Grpc.Core.StatusCode status, string reason);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "The refused call to {Method} by revoked member {Member} could not be audited: the store is unavailable")]
    public static partial void TokenRefusalNotAudited(this ILogger logger, Exception exception, string method, string member);
}
