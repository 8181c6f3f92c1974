namespace Isac.Cli;

/// <summary>The exit codes of <c>isac</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Bad input or a refused operation; the message says why (System.CommandLine uses 1 for parse errors too).</summary>
    public const int Failed = 1;

    /// <summary>The demo ran, but who received what differs from the expected matrix.</summary>
    public const int DemoMismatch = 3;
}
