namespace Isac.Broker.Tokens;

/// <summary>Log messages of the token checks (source-generated).</summary>
internal static partial class TokenLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Call to {Method} refused ({Status}): {Reason}")]
    public static partial void TokenRefused(this ILogger logger, string method, Grpc.Core.StatusCode status, string reason);
}
