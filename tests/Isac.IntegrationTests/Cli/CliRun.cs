using Isac.Cli;

namespace Isac.IntegrationTests.Cli;

/// <summary>Runs the real <c>isac</c> command tree in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await IsacCli.RunAsync(args, CliConsole.ForWriters(output, error));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
