using Isac.Cli.Demo;
using Isac.IntegrationTests.Infrastructure;

namespace Isac.IntegrationTests.Cli;

/// <summary>
/// README command #1: <c>isac demo</c> runs a broker on embedded Garnet and four real nodes in-process, plays the
/// scenario, and exits 0 only when who received what matches TLP 2.0. The matrix is read back from its output.
/// </summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_RunsTheFederation_ExitsZeroWithTheExpectedMatrix()
    {
        using var work = new TempDirectory();
        var run = await CliRun.RunAsync("demo", "--work-dir", Path.Combine(work.Path, "demo"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PASS", run.Output, StringComparison.Ordinal);
        var members = DemoScenario.Members.Select(m => m.Id).ToArray();
        var header = TableRow(run.Output, "bundle");
        Assert.Equal(["bundle", "label", "from", "to", .. members], header);

        foreach (var step in DemoScenario.Steps)
        {
            var cells = TableRow(run.Output, step.Name);
            Assert.Equal(TlpLabelText(step), cells[1]);
            for (var i = 0; i < members.Length; i++)
            {
                var expected = members[i] == step.Sender ? "(sender)" : step.Expected.Contains(members[i]) ? "yes" : "-";
                Assert.True(expected == cells[4 + i], $"{step.Name} at {members[i]}: expected '{expected}', got '{cells[4 + i]}'\n{run}");
            }
        }

        Assert.Contains("refused by its node with PermissionDenied", run.Output, StringComparison.Ordinal);
        Assert.Contains("the broker answers with the ORIGINAL receipt", run.Output, StringComparison.Ordinal);
        Assert.Contains("refused by the broker with AlreadyExists", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithANonEmptyWorkDirectory_RefusesToStart()
    {
        using var work = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(work.Path, "keep-me.txt"), "not the demo's");

        var run = await CliRun.RunAsync("demo", "--work-dir", work.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not empty", run.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(work.Path, "keep-me.txt")));
    }

    private static string TlpLabelText(DemoStep step) => Core.Labels.TlpLabels.ToLabelString(step.Label);

    /// <summary>The cells of the table row whose first cell is <paramref name="firstCell"/>.</summary>
    private static string[] TableRow(string output, string firstCell)
    {
        var row = output.Split('\n')
            .Select(line => line.Split('│', StringSplitOptions.TrimEntries))
            .FirstOrDefault(cells => cells.Length > 2 && cells[1] == firstCell);
        Assert.True(row is not null, $"no table row '{firstCell}' in:\n{output}");
        return row[1..^1];
    }
}
