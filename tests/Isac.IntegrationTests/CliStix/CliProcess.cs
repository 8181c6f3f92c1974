using System.Diagnostics;
using Isac.Cli;

namespace Isac.IntegrationTests.CliStix;

/// <summary>Runs the real <c>isac</c> program as a child process, feeding its standard input (for the <c>-</c> file argument).</summary>
internal static class CliProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(byte[] standardInput, params string[] args)
    {
        var testFolder = AppContext.BaseDirectory;
        var testName = typeof(CliProcess).Assembly.GetName().Name!;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "exec", "--runtimeconfig", Path.Combine(testFolder, testName + ".runtimeconfig.json"),
                     "--depsfile", Path.Combine(testFolder, testName + ".deps.json"), typeof(IsacCli).Assembly.Location,
                 }.Concat(args))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(standardInput);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
