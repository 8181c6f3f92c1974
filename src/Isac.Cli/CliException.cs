namespace Isac.Cli;

/// <summary>A user error: the command prints the message (no stack trace) and exits with a non-zero code.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliException()
    {
    }
}
