namespace Isac.Node.Taxii;

/// <summary>The TAXII server's log messages (source-generated, structured).</summary>
internal static partial class TaxiiLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "TAXII request {Path} failed")]
    public static partial void TaxiiRequestFailed(this ILogger logger, PathString path, Exception exception);
}
