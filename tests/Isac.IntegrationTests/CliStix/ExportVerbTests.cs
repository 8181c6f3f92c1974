using System.Text.Json.Nodes;
using Isac.Cli.Demo;
using Isac.Core.Labels;
using Isac.IntegrationTests.Cli;

namespace Isac.IntegrationTests.CliStix;

/// <summary>
/// <c>isac publish</c> of STIX from standard input at one node and <c>isac export --format stix</c> at a recipient,
/// over the demo's real federation (broker, four nodes): the same objects come back, with their TLP 2.0 markings.
/// </summary>
public sealed class ExportVerbTests(DemoFederationFixture federation) : IClassFixture<DemoFederationFixture>
{
    [Fact]
    public async Task StixPublishedFromStandardInput_IsExportedAtTheRecipient_WithTheSameObjectsAndMarkings()
    {
        var (json, identity, indicator, report) = StixBundles.Sample(TlpMarkings.Amber, TlpMarkings.Green);
        var published = JsonNode.Parse(json)!["objects"]!.AsArray();

        // Twice: the export holds each object version once.
        for (var i = 0; i < 2; i++)
        {
            var publish = await CliProcess.RunAsync(json, "publish", "--node", federation.Node(DemoScenario.Cert), "--tlp", "AMBER",
                "--to", "member:" + DemoScenario.OfficeOhio, "--kind", "indicator", "-");
            Assert.True(publish.ExitCode == 0, publish.Error);
            Assert.Contains("published, 1 recipient(s)", publish.Output, StringComparison.Ordinal);
        }

        var (exported, summary) = await ExportWhenAsync(federation.Node(DemoScenario.OfficeOhio), items => items >= 2);
        Assert.Equal("Exported 6 STIX object(s) from 2 inbox item(s).", summary.Trim());
        var objects = exported["objects"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal("bundle", (string?)exported["type"]);
        foreach (var original in published.OfType<JsonObject>())
        {
            var back = Assert.Single(objects, o => (string?)o["id"] == (string?)original["id"]);
            Assert.True(JsonNode.DeepEquals(original, back), $"{original["id"]} changed:\n{original.ToJsonString()}\n{back.ToJsonString()}");
        }

        Assert.Equal(87, (int)objects.Single(o => (string?)o["id"] == indicator)["x_isac_confidence_note"]!["score"]!);
        foreach (var marking in new[] { TlpMarkings.Clear, TlpMarkings.Green, TlpMarkings.Amber })
        {
            var definition = Assert.Single(objects, o => (string?)o["id"] == marking);
            Assert.Equal("marking-definition", (string?)definition["type"]);
        }

        Assert.DoesNotContain(objects, o => (string?)o["id"] == TlpMarkings.Red);
        Assert.Equal(6, objects.Count);
        Assert.Contains(objects, o => (string?)o["id"] == identity);
        Assert.Contains(objects, o => (string?)o["id"] == report);
    }

    [Fact]
    public async Task Export_WithATlpCeilingBelowTheItems_ToAFile_HoldsNoneOfThem()
    {
        var (json, _, indicator, _) = StixBundles.Sample(TlpMarkings.Amber, TlpMarkings.Amber);
        var publish = await CliProcess.RunAsync(json, "publish", "--node", federation.Node(DemoScenario.Cert), "--tlp", "AMBER",
            "--to", "member:" + DemoScenario.OfficeTexas, "--kind", "indicator", "-");
        Assert.True(publish.ExitCode == 0, publish.Error);
        var texas = federation.Node(DemoScenario.OfficeTexas);
        var (all, _) = await ExportWhenAsync(texas, items => items >= 1);
        Assert.Contains(all["objects"]!.AsArray(), o => (string?)o!["id"] == indicator);

        var file = Path.Combine(federation.WorkDirectory, "texas-green.json");
        var run = await CliRun.RunAsync("export", "--format", "stix", "--tlp", "GREEN", "--out", file, "--node", texas);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Exported 0 STIX object(s) from 0 inbox item(s) to {file}.", run.Output, StringComparison.Ordinal);
        var bundle = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.Equal("bundle", (string?)bundle["type"]);
        Assert.Empty(bundle["objects"]!.AsArray());
    }

    [Fact]
    public async Task Export_OfMoreItemsThanOneStreamBatch_HoldsEveryObjectOnce()
    {
        const int Count = 130; // the node streams its inbox in batches of 100
        var vendor = federation.Node(DemoScenario.Vendor);
        var ids = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            var (json, _, indicator, _) = StixBundles.Sample(TlpMarkings.Green, TlpMarkings.Green);
            var file = Path.Combine(federation.WorkDirectory, $"many-{i}.json");
            await File.WriteAllBytesAsync(file, json);
            var publish = await CliRun.RunAsync("publish", "--node", federation.Node(DemoScenario.Cert), "--tlp", "GREEN",
                "--to", "member:" + DemoScenario.Vendor, "--kind", "indicator", file);
            Assert.True(publish.ExitCode == 0, publish.ToString());
            ids.Add(indicator);
        }

        var (bundle, summary) = await ExportWhenAsync(vendor, items => items >= Count);

        var objects = bundle["objects"]!.AsArray().Select(o => (string)o!["id"]!).ToList();
        Assert.Equal(objects.Count, objects.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Contains(id, objects));
        Assert.Equal((Count * 3) + 2, objects.Count); // identity, indicator, report per bundle; the CLEAR and GREEN definitions
        Assert.Equal($"Exported {(Count * 3) + 2} STIX object(s) from {Count} inbox item(s).", summary.Trim());
    }

    [Fact]
    public async Task Export_InAnotherFormat_IsAUsageError()
    {
        var run = await CliRun.RunAsync("export", "--format", "misp", "--node", federation.Node(DemoScenario.Vendor));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("misp", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Exports to stdout until the summary on stderr shows <paramref name="done"/> of the item count; the bundle and the summary.</summary>
    private static async Task<(JsonNode Bundle, string Summary)> ExportWhenAsync(string node, Func<int, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await CliRun.RunAsync("export", "--format", "stix", "--node", node);
            Assert.True(run.ExitCode == 0, run.ToString());
            var summary = run.Error.Split(' ');
            var items = int.Parse(summary[Array.IndexOf(summary, "from") + 1], System.Globalization.CultureInfo.InvariantCulture);
            if (done(items) || DateTime.UtcNow > deadline)
            {
                Assert.DoesNotContain("Exported", run.Output, StringComparison.Ordinal);
                return (JsonNode.Parse(run.Output)!, run.Error);
            }

            await Task.Delay(200);
        }
    }
}
