using System.Text;
using Isac.Core.Labels;
using Isac.IntegrationTests.Cli;
using Isac.IntegrationTests.Infrastructure;

namespace Isac.IntegrationTests.CliStix;

/// <summary><c>isac stix validate</c> on files and standard input, with and without an envelope label.</summary>
public sealed class StixValidateVerbTests : IDisposable
{
    private readonly TempDirectory _work = new();

    [Fact]
    public async Task Validate_AValidBundle_PrintsOkWithTheCountByTypeAndTheStrictestMarking()
    {
        var (json, _, _, _) = StixBundles.Sample(TlpMarkings.Amber, TlpMarkings.Green);
        var file = await WriteAsync("valid.json", json);

        var run = await CliRun.RunAsync("stix", "validate", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("OK bundle--", run.Output, StringComparison.Ordinal);
        Assert.Contains("3 object(s): 1 identity, 1 indicator, 1 report", run.Output, StringComparison.Ordinal);
        Assert.Contains("strictest marking TLP:AMBER", run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task Validate_RedObjectsUnderTlpGreen_FailsNamingEveryOffendingObject()
    {
        var (json, identity, indicator, report) = StixBundles.Sample(TlpMarkings.Red, TlpMarkings.Red);
        var file = await WriteAsync("red.json", json);

        var run = await CliRun.RunAsync("stix", "validate", "--tlp", "GREEN", file);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"error: object {indicator} is marked TLP:RED", run.Error, StringComparison.Ordinal);
        Assert.Contains($"error: object {report} is marked TLP:RED", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(identity, run.Error, StringComparison.Ordinal);
        Assert.Contains("2 problem(s)", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);

        var underRed = await CliRun.RunAsync("stix", "validate", "--tlp", "RED", file);
        Assert.True(underRed.ExitCode == 0, underRed.ToString());
        Assert.Contains("strictest marking TLP:RED; fits under TLP:RED", underRed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MalformedJson_FailsWithTheParseError()
    {
        var file = await WriteAsync("broken.json", Encoding.UTF8.GetBytes("{\"type\": \"bundle\", \"objects\": ["));

        var run = await CliRun.RunAsync("stix", "validate", file);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("error: the payload is not valid JSON", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 problem(s)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AMissingFile_FailsWithAClearError()
    {
        var run = await CliRun.RunAsync("stix", "validate", Path.Combine(_work.Path, "nope.json"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FromStandardInput_ChecksWhatIsPiped()
    {
        var (json, _, indicator, _) = StixBundles.Sample(TlpMarkings.AmberStrict, TlpMarkings.Green);

        var valid = await CliProcess.RunAsync(json, "stix", "validate", "-");
        Assert.True(valid.ExitCode == 0, valid.Error);
        Assert.Contains("3 object(s)", valid.Output, StringComparison.Ordinal);
        Assert.Contains("strictest marking TLP:AMBER+STRICT", valid.Output, StringComparison.Ordinal);

        var refused = await CliProcess.RunAsync(json, "stix", "validate", "--tlp", "AMBER", "-");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"object {indicator} is marked TLP:AMBER+STRICT", refused.Error, StringComparison.Ordinal);
        Assert.Contains("standard input: 1 problem(s)", refused.Error, StringComparison.Ordinal);

        var empty = await CliProcess.RunAsync([], "stix", "validate", "-");
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("error: standard input is empty", empty.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    private async Task<string> WriteAsync(string name, byte[] content)
    {
        var path = Path.Combine(_work.Path, name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }
}
