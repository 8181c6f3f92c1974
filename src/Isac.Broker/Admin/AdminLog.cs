namespace Isac.Broker.Admin;

/// <summary>Log messages of the admin API (source-generated).</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Admin {Admin} {Action} {Target}: accepted {Detail}")]
    public static partial void AdminAccepted(this ILogger logger, string admin, string action, string target, string detail);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Admin call by {Actor} {Action} {Target} refused: {Reason}: {Detail}")]
    public static partial void AdminRefused(this ILogger logger, string actor, string action, string target, string reason, string detail);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Error, Message = "Could not audit an admin refusal ({Reason}) by {Actor}")]
    public static partial void AdminRefusalNotAudited(this ILogger logger, Exception exception, string reason, string actor);
}
