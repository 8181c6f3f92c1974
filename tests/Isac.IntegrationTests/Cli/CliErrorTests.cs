using System.CommandLine;
using Isac.Cli;
using Isac.IntegrationTests.Infrastructure;

namespace Isac.IntegrationTests.Cli;

/// <summary>Bad input to <c>isac</c> ends with a clear message on stderr and a non-zero exit code, never a stack trace.</summary>
public sealed class CliErrorTests
{
    [Fact]
    public async Task Publish_WithAnUnknownTlpLabel_ExitsNonZeroNamingTheOption()
    {
        var run = await CliRun.RunAsync("publish", "--tlp", "PURPLE", "--to", "community:election-sector", "advisory.md");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--tlp: 'PURPLE' is not a TLP label", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_PrintsTheErrorAndWhereTheUsageIs_NotTheWholeHelp()
    {
        var run = await CliRun.RunAsync("members", "list", "--bogus-option");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--bogus-option", run.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'isac members list --help' for usage.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", run.Error + run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("team:x", "must start with community:, member: or org:")]
    [InlineData("member:Bad_Id", "'Bad_Id' is not a valid id")]
    public async Task Publish_WithABadRecipient_ExitsNonZeroSayingWhy(string recipient, string message)
    {
        var run = await CliRun.RunAsync("publish", "--tlp", "GREEN", "--to", recipient, "advisory.md");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_AmberWithoutAnAudience_IsRefusedBeforeContactingTheNode()
    {
        using var work = new TempDirectory();
        var file = Path.Combine(work.Path, "advisory.md");
        await File.WriteAllTextAsync(file, "# Advisory");

        var run = await CliRun.RunAsync("publish", "--tlp", "AMBER", "--node", "http://127.0.0.1:1", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("TLP:AMBER needs an audience", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WithNoNodeListening_SaysHowToStartOne()
    {
        using var work = new TempDirectory();
        var file = Path.Combine(work.Path, "advisory.md");
        await File.WriteAllTextAsync(file, "# Advisory");

        var run = await CliRun.RunAsync("publish", "--tlp", "GREEN", "--to", "community:election-sector", "--node", "http://127.0.0.1:1", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no node answers at http://127.0.0.1:1", run.Error, StringComparison.Ordinal);
        Assert.Contains("isac node run --member", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_AMissingFile_IsNamed()
    {
        var run = await CliRun.RunAsync("publish", "--tlp", "CLEAR", "--node", "http://127.0.0.1:1", "/nonexistent/advisory.md");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("file /nonexistent/advisory.md does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MembersAdd_WithAnUnknownRole_ExitsNonZeroListingTheRoles()
    {
        var run = await CliRun.RunAsync("members", "add", "--member", "office-ohio", "--org", "ohio-sos", "--role", "mayor", "--clearance", "AMBER");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--role 'mayor' is not a role; expected cert, election-office, vendor or agency", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GovernanceInit_WithAMissingPassphraseFile_SaysSo()
    {
        using var work = new TempDirectory();
        var missing = Path.Combine(work.Path, "no-such-passphrase");

        var run = await CliRun.RunAsync("governance", "init", "--home", Path.Combine(work.Path, "home"), "--passphrase-file", missing);

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(GlobalOptions.PassphraseVariable)))
        {
            // The environment variable wins over the file by design; the test machine must not set it.
            Assert.Fail($"unset {GlobalOptions.PassphraseVariable} to run this test");
        }

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"passphrase file {missing} does not exist", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work.Path, "home", "governance")));
    }

    [Fact]
    public async Task Help_OnEveryVerb_ExitsZeroWithUsage()
    {
        var root = IsacCli.Create(CliConsole.ForWriters(TextWriter.Null, TextWriter.Null));
        var paths = new List<string[]>();
        void Walk(Command command, string[] path)
        {
            paths.Add(path);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, [.. path, sub.Name]);
            }
        }

        Walk(root, []);
        Assert.True(paths.Count >= 15, $"only {paths.Count} commands found");
        foreach (var path in paths)
        {
            var run = await CliRun.RunAsync([.. path, "--help"]);
            Assert.True(run.ExitCode == 0, $"isac {string.Join(' ', path)} --help: {run}");
            Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
            Assert.Contains("Description:", run.Output, StringComparison.Ordinal);
        }
    }
}
