using Isac.Cli;

namespace Isac.IntegrationTests.Cli;

/// <summary>Runs the real <c>isac</c> command tree in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    /// <summary>Runs until the command ends or, for a host verb such as <c>node run</c>, until <paramref name="cancellationToken"/> stops it.</summary>
    public static async Task<CliRun> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await IsacCli.RunAsync(args, CliConsole.ForWriters(output, error), cancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
