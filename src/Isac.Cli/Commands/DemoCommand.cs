using System.CommandLine;
using System.Security.Cryptography;
using Isac.Cli.Demo;

namespace Isac.Cli.Commands;

/// <summary><c>isac demo</c>: a whole federation in one process, the scenario, and the check of who received what.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var keep = new Option<bool>("--keep") { Description = "Leave the broker and the four nodes running afterwards and print how to talk to them (Ctrl+C stops)" };
        var workDirectory = new Option<DirectoryInfo?>("--work-dir")
        {
            Description = "Where the demo keeps its keys, certificates and data (a new empty folder; default: a temp folder, deleted afterwards unless --keep)",
            HelpName = "DIR",
        };
        var command = new Command("demo", "Run a broker and four member nodes (national CERT, two election offices, a vendor) on the embedded store, share TLP-labelled bundles and check who received what")
        {
            keep, workDirectory,
        };
        CommandAction.Set(command, console, (parse, cancellationToken) => RunAsync(console, parse.GetValue(workDirectory), parse.GetValue(keep), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, DirectoryInfo? requested, bool keep, CancellationToken cancellationToken)
    {
        if (requested is not null && requested.Exists && requested.EnumerateFileSystemInfos().Any())
        {
            throw new CliException($"--work-dir {requested.FullName} is not empty; the demo needs a new or empty folder");
        }

        var workDirectory = requested?.FullName ?? Directory.CreateTempSubdirectory("isac-demo-").FullName;
        Directory.CreateDirectory(workDirectory);

        // A fresh passphrase for this run's key files, in memory only (written to a 0600 file only with --keep).
        var passphrase = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var runner = new DemoRunner(console, workDirectory);
        var passed = false;
        try
        {
            var hosts = new DemoHosts();
            await using (hosts.ConfigureAwait(false))
            {
                var setup = await runner.SetUpAsync(hosts, passphrase, cancellationToken).ConfigureAwait(false);
                var report = await runner.RunAsync(hosts, setup, passphrase, cancellationToken).ConfigureAwait(false);
                runner.WriteTable(report);
                passed = report.Passed;
                console.Markup(passed
                    ? "[bold green]PASS[/]: every member received exactly what TLP 2.0 allows it; the RED forward and the replays were refused."
                    : "[bold red]FAIL[/]: the result differs from the expected matrix (see the table above).");
                if (keep)
                {
                    await KeepRunningAsync(console, runner, hosts, passphrase, workDirectory, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (!keep && requested is null)
            {
                TryDelete(workDirectory);
            }
        }

        return passed ? ExitCodes.Ok : ExitCodes.DemoMismatch;
    }

    private static async Task KeepRunningAsync(CliConsole console, DemoRunner runner, DemoHosts hosts, string passphrase, string workDirectory, CancellationToken cancellationToken)
    {
        var passphraseFile = Path.Combine(workDirectory, "passphrase.txt");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new StreamWriter(passphraseFile, options);
        await using (file.ConfigureAwait(false))
        {
            await file.WriteAsync(passphrase).ConfigureAwait(false);
        }

        var cert = hosts.NodeAddresses[DemoScenario.Cert];
        console.Line(string.Empty);
        console.Line($"The federation keeps running (Ctrl+C stops it). Its files are in {workDirectory}.");
        console.Line($"  broker: {hosts.BrokerAddress}");
        foreach (var (memberId, address) in hosts.NodeAddresses)
        {
            console.Line($"  isac inbox --node {address}        # {memberId}");
        }

        console.Line($"  isac publish --node {cert} --tlp GREEN --to community:election-sector --kind bulletin FILE");
        console.Line($"  isac members list --home {runner.Home.Root} --certs {runner.Home.Certificates}");
        console.Line($"  (key passphrase for the other verbs: --passphrase-file {passphraseFile})");
        await hosts.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        console.Line("Stopping the federation.");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (Garnet's log) is left in the temp folder rather than failing the demo.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
