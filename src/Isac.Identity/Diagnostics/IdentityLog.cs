namespace Isac.Identity.Diagnostics;

/// <summary>The identity service's log messages (source-generated).</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Roster loaded: {Members} members, {Revocations} revocations")]
    public static partial void RosterLoaded(this ILogger logger, int members, int revocations);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The roster '{Path}' cannot be read; keeping the last one")]
    public static partial void RosterUnreadable(this ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "A roster card is ignored: {Reason}")]
    public static partial void RosterCardIgnored(this ILogger logger, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Token request refused ({Error}): {Reason}")]
    public static partial void TokenRequestRefused(this ILogger logger, string error, string reason);
}
