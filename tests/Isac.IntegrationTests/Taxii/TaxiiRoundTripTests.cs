using System.Net;
using System.Text.Json.Nodes;
using Isac.Core.Labels;
using Isac.Core.Stix;

namespace Isac.IntegrationTests.Taxii;

/// <summary>
/// STIX in through the CERT's TAXII outbox, sealed, published over the real broker, delivered to the Ohio office's
/// node and served by its TAXII server: the same objects, byte for byte, custom properties and markings kept.
/// </summary>
[Collection(TaxiiCollectionDefinition.Name)]
public sealed class TaxiiRoundTripTests(TaxiiFederationFixture federation)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PostAtCertOutbox_IsServedUnchangedByTheReceivingOfficesAmberCollection()
    {
        var indicator = TaxiiStix.Indicator(TlpMarkings.Amber);
        indicator["x_isac_confidence"] = new JsonObject { ["score"] = 87, ["sources"] = new JsonArray("ohio", null, true) };
        indicator["granular_markings"] = new JsonArray(new JsonObject { ["marking_ref"] = TlpMarkings.Green, ["selectors"] = new JsonArray("pattern") });
        var custom = TaxiiStix.Custom("x-acme-ballot-box", TlpMarkings.Tlp1Green);
        var identity = new JsonObject
        {
            ["type"] = "identity",
            ["spec_version"] = "2.1",
            ["id"] = $"identity--{Guid.NewGuid()}",
            ["created"] = "2026-03-01T12:00:00Z",
            ["modified"] = "2026-03-01T12:00:00Z",
            ["name"] = "Ohio SoS \u00e9lections",
            ["object_marking_refs"] = new JsonArray(TlpMarkings.Amber),
        };
        var posted = new[] { indicator, custom, identity }.ToDictionary(o => o["id"]!.GetValue<string>(), o => o.ToJsonString());

        using var cert = federation.Cert.Analyst();
        var posting = await cert.PostAsync(TaxiiStix.ObjectsPath("outbox"), TaxiiStix.Envelope(posted.Values));
        Assert.True(posting.Status == HttpStatusCode.Accepted, posting.Text);
        var status = await cert.WaitForCompleteAsync(posting, Patience);
        Assert.Equal(3, status.Json.GetProperty("total_count").GetInt32());
        Assert.Equal(3, status.Json.GetProperty("success_count").GetInt32());
        Assert.Equal("complete", status.Json.GetProperty("status").GetString());
        var again = await cert.GetAsync($"/taxii2/api/status/{status.Json.GetProperty("id").GetString()}/");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(posted.Keys.Order(), again.Json.GetProperty("successes").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Order());

        using var ohio = federation.Ohio.Analyst();
        var served = await WaitForAsync(ohio, "tlp-amber", posted.Keys);

        // Once it holds AMBER content, the office lists its AMBER collection, read-only, under its fixed id.
        var collections = await ohio.GetAsync("/taxii2/api/collections/");
        var amber = collections.Json.GetProperty("collections").EnumerateArray().Single(c => c.GetProperty("alias").GetString() == "tlp-amber");
        Assert.True(amber.GetProperty("can_read").GetBoolean());
        Assert.False(amber.GetProperty("can_write").GetBoolean());
        var byId = await ohio.GetAsync(TaxiiStix.ObjectsPath(amber.GetProperty("id").GetString()!, $"match[id]={indicator["id"]}"));
        Assert.Equal(posted[indicator["id"]!.GetValue<string>()], Assert.Single(byId.Json.GetProperty("objects").EnumerateArray()).GetRawText());
        foreach (var (id, json) in posted)
        {
            Assert.Equal(json, served[id]);
        }

        // The OASIS TLP 2.0 marking objects the served objects reference are served beside them.
        var markings = await ohio.GetAsync(TaxiiStix.ObjectsPath("tlp-amber", $"match[id]={TlpMarkings.Amber},{TlpMarkings.Green}"));
        var definitions = markings.Json.GetProperty("objects").EnumerateArray().Select(e => JsonNode.Parse(e.GetRawText())!).ToList();
        Assert.Equal(2, definitions.Count);
        Assert.Contains(definitions, d => JsonNode.DeepEquals(d, TlpMarkingDefinitions.For(Tlp.Amber)));
        Assert.Contains(definitions, d => JsonNode.DeepEquals(d, TlpMarkingDefinitions.For(Tlp.Green)));
    }

    [Fact]
    public async Task Post_OneBadObjectAmongGoodOnes_StatusReportsEachObject()
    {
        var good = TaxiiStix.Indicator(TlpMarkings.Green);
        var observable = new JsonObject
        {
            ["type"] = "ipv4-addr",
            ["id"] = $"ipv4-addr--{Guid.NewGuid()}",
            ["value"] = "198.51.100.9",
            ["object_marking_refs"] = new JsonArray(TlpMarkings.Green),
        };
        var noPattern = TaxiiStix.Indicator(TlpMarkings.Green);
        noPattern.Remove("pattern");
        var badId = TaxiiStix.Indicator(TlpMarkings.Green, id: "indicator--1234");

        using var cert = federation.Cert.Analyst();
        var posting = await cert.PostAsync(TaxiiStix.ObjectsPath("outbox"), TaxiiStix.Envelope([good.ToJsonString(), noPattern.ToJsonString(), badId.ToJsonString(), observable.ToJsonString()]));
        Assert.True(posting.Status == HttpStatusCode.Accepted, posting.Text);
        var json = (await cert.WaitForCompleteAsync(posting, Patience)).Json;
        Assert.Equal(4, json.GetProperty("total_count").GetInt32());
        Assert.Equal(2, json.GetProperty("success_count").GetInt32());
        Assert.Equal(2, json.GetProperty("failure_count").GetInt32());
        Assert.Equal(0, json.GetProperty("pending_count").GetInt32());
        Assert.Equal(
            new[] { good["id"]!.GetValue<string>(), observable["id"]!.GetValue<string>() }.Order(),
            json.GetProperty("successes").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Order());
        var failures = json.GetProperty("failures").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("message").GetString()!);
        Assert.Contains("\"pattern\"", failures[noPattern["id"]!.GetValue<string>()], StringComparison.Ordinal);
        Assert.Contains("indicator--<uuid>", failures["indicator--1234"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ObjectAboveTheOutboxLabel_FailsNamingTheObjectWhileTheOthersArePublished()
    {
        // Ohio's outbox publishes TLP:GREEN to the CERT: an AMBER object cannot go out under that label.
        var green = TaxiiStix.Indicator(TlpMarkings.Green);
        var amber = TaxiiStix.Indicator(TlpMarkings.Amber);
        using var ohio = federation.Ohio.Analyst();
        var posting = await ohio.PostAsync(TaxiiStix.ObjectsPath("outbox"), TaxiiStix.Envelope([green.ToJsonString(), amber.ToJsonString()]));
        Assert.True(posting.Status == HttpStatusCode.Accepted, posting.Text);
        var status = await ohio.WaitForCompleteAsync(posting, Patience);
        var success = Assert.Single(status.Json.GetProperty("successes").EnumerateArray());
        Assert.Equal(green["id"]!.GetValue<string>(), success.GetProperty("id").GetString());
        var failure = Assert.Single(status.Json.GetProperty("failures").EnumerateArray());
        Assert.Equal(amber["id"]!.GetValue<string>(), failure.GetProperty("id").GetString());
        Assert.Contains("MarkingAboveLabel", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("TLP:GREEN", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnmarkedObjectsWithoutAConfiguredLabel_ArePublishedAsAmberStrictNeverWider()
    {
        var unmarked = TaxiiStix.Indicator(TlpMarkings.Green);
        unmarked.Remove("object_marking_refs");
        using var cert = federation.Cert.Analyst();
        var posting = await cert.PostAsync(TaxiiStix.ObjectsPath("outbox"), TaxiiStix.Envelope([unmarked.ToJsonString()]));
        Assert.True(posting.Status == HttpStatusCode.Accepted, posting.Text);
        var status = await cert.WaitForCompleteAsync(posting, Patience);
        Assert.Equal(1, status.Json.GetProperty("success_count").GetInt32());

        var stored = await federation.Cert.Index.GetStatusAsync(status.Json.GetProperty("id").GetString()!, CancellationToken.None);
        var entry = await federation.Cert.Store.GetOutboxItemAsync(stored!.Value.BundleId!);
        Assert.Equal(Tlp.AmberStrict, entry!.Request.Label);
        var sealedObject = JsonNode.Parse(entry.Request.Payload)!["objects"]![0]!;
        Assert.Equal(TlpMarkings.AmberStrict, Assert.Single(sealedObject["object_marking_refs"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Post_WhileTheBrokerIsDown_IsPendingUntilTheOutboxPublishesIt()
    {
        var indicator = TaxiiStix.Indicator(TlpMarkings.Green);
        using var cert = federation.Cert.Analyst();
        TaxiiResponse status;
        await federation.StopBrokerAsync();
        try
        {
            status = await cert.PostAsync(TaxiiStix.ObjectsPath("outbox"), TaxiiStix.Envelope([indicator.ToJsonString()]));
            Assert.True(status.Status == HttpStatusCode.Accepted, status.Text);
            Assert.Equal("pending", status.Json.GetProperty("status").GetString());
            Assert.Equal(indicator["id"]!.GetValue<string>(), Assert.Single(status.Json.GetProperty("pendings").EnumerateArray()).GetProperty("id").GetString());
        }
        finally
        {
            await federation.StartBrokerAsync();
        }

        var complete = await cert.WaitForCompleteAsync(status, Patience);
        Assert.Equal(1, complete.Json.GetProperty("success_count").GetInt32());
        Assert.Equal(0, complete.Json.GetProperty("pending_count").GetInt32());
    }

    private async Task<Dictionary<string, string>> WaitForAsync(TaxiiClient client, string collection, IEnumerable<string> ids)
    {
        var wanted = ids.ToList();
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var page = await client.GetAsync(TaxiiStix.ObjectsPath(collection, "match[id]=" + string.Join(',', wanted)));
            Assert.True(page.Status == HttpStatusCode.OK, page.Text);
            var found = page.Json.GetProperty("objects").EnumerateArray().ToDictionary(o => o.GetProperty("id").GetString()!, o => o.GetRawText());
            if (found.Count == wanted.Count)
            {
                return found;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{wanted.Count - found.Count} objects did not reach {federation.Ohio.MemberId}'s TAXII collection. Its log:{Environment.NewLine}{federation.Ohio.LastLogLines()}");
            }

            await Task.Delay(200);
        }
    }
}
