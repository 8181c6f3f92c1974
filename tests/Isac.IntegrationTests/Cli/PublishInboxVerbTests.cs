using Isac.Cli.Demo;

namespace Isac.IntegrationTests.Cli;

/// <summary>
/// <c>isac publish</c> and <c>isac inbox</c> against real nodes and a real broker (the demo's federation, started
/// in-process without running its scenario): what one analyst publishes, the other reads with its TLP banner.
/// </summary>
public sealed class PublishInboxVerbTests(DemoFederationFixture federation) : IClassFixture<DemoFederationFixture>
{
    [Fact]
    public async Task PublishedAdvisory_ShowsInTheRecipientsInbox_WithItsBanners_AndNotInOthers()
    {
        var file = Path.Combine(federation.WorkDirectory, "advisory.md");
        await File.WriteAllTextAsync(file, "# Advisory\nRotate the results-server credentials tonight.\n");

        var publish = await CliRun.RunAsync("publish", "--node", Node(DemoScenario.Cert), "--tlp", "amber", "--to", "member:" + DemoScenario.OfficeOhio,
            "--kind", "advisory", "--exercise", "tabletop-7", file);
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Contains("TLP:AMBER advisory", publish.Output, StringComparison.Ordinal);
        Assert.Contains("published, 1 recipient(s)", publish.Output, StringComparison.Ordinal);

        CliRun inbox;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            inbox = await CliRun.RunAsync("inbox", "--node", Node(DemoScenario.OfficeOhio));
            Assert.True(inbox.ExitCode == 0, inbox.ToString());
        }
        while (!inbox.Output.Contains("Rotate the results-server credentials", StringComparison.Ordinal) && DateTime.UtcNow < deadline && await Delay());

        Assert.Contains("EXERCISE tabletop-7", inbox.Output, StringComparison.Ordinal);
        Assert.Contains(" TLP:AMBER ", inbox.Output, StringComparison.Ordinal);
        Assert.Contains("advisory from cert-national", inbox.Output, StringComparison.Ordinal);
        Assert.Contains("Rotate the results-server credentials tonight.", inbox.Output, StringComparison.Ordinal);

        var vendor = await CliRun.RunAsync("inbox", "--node", Node(DemoScenario.Vendor));
        Assert.Equal(0, vendor.ExitCode);
        Assert.DoesNotContain("results-server", vendor.Output, StringComparison.Ordinal);
        Assert.Contains("0 item(s).", vendor.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_ToAMemberNotClearedForTheLabel_IsRefusedWithTheNodesReason()
    {
        var file = Path.Combine(federation.WorkDirectory, "red.md");
        await File.WriteAllTextAsync(file, "# Red\n");

        var run = await CliRun.RunAsync("publish", "--node", Node(DemoScenario.Cert), "--tlp", "RED", "--to", "member:" + DemoScenario.Vendor, file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: PermissionDenied", run.Error, StringComparison.Ordinal);
        Assert.Contains(DemoScenario.Vendor, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_AStixBundleWithAnObjectAboveTheLabel_IsRefusedNamingTheObject()
    {
        var file = Path.Combine(federation.WorkDirectory, "indicators.json");
        await File.WriteAllBytesAsync(file, DemoScenario.IndicatorBundle(DateTimeOffset.UtcNow));

        var run = await CliRun.RunAsync("publish", "--node", Node(DemoScenario.Cert), "--tlp", "GREEN", "--to", "community:election-sector", "--kind", "indicator", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: the STIX bundle was not sent: object indicator--", run.Error, StringComparison.Ordinal);
        Assert.Contains("more restrictive than the envelope label TLP:GREEN", run.Error, StringComparison.Ordinal);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private string Node(string memberId) => federation.Node(memberId);
}
