using System.Net;
using System.Text.Json.Nodes;
using Isac.Core.Labels;
using Xunit.Abstractions;

namespace Isac.IntegrationTests.Taxii;

/// <summary>Paging (limit/next/more) and the match[...] and added_after filters of the objects, versions and manifest endpoints.</summary>
[Collection(TaxiiCollectionDefinition.Name)]
public sealed class TaxiiPagingTests(TaxiiFederationFixture federation, ITestOutputHelper output)
{
    [Fact]
    public async Task Paging_AThousandObjectsBySeven_ServesEachOnceInOrderEvenWithInsertsDuringTheRead()
    {
        const string Type = "x-isac-paging-probe";
        var first = Enumerable.Range(0, 1000).Select(i => TaxiiStix.Custom(Type, TlpMarkings.Green, serial: i)).ToList();
        await TaxiiStix.InsertAsync(federation.Ohio.Store, Tlp.Green, first, perBundle: 10);
        var late = Enumerable.Range(1000, 50).Select(i => TaxiiStix.Custom(Type, TlpMarkings.Green, serial: i)).ToList();

        using var reader = federation.Ohio.Reader();
        var served = new List<int>();
        string? next = null;
        var pages = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var query = $"match[type]={Type}&limit=7" + (next is null ? string.Empty : $"&next={next}");
            var page = await reader.GetAsync(TaxiiStix.ObjectsPath("tlp-green", query));
            Assert.True(page.Status == HttpStatusCode.OK, page.Text);
            var objects = page.Json.GetProperty("objects").EnumerateArray().ToList();
            var more = page.Json.GetProperty("more").GetBoolean();
            Assert.True(objects.Count == 7 || !more, $"page {pages} has {objects.Count} objects and more={more}");
            served.AddRange(objects.Select(o => o.GetProperty("x_serial").GetInt32()));
            pages++;
            if (pages == 20)
            {
                // Received while the client is half-way: must come after everything already handed out, once.
                await TaxiiStix.InsertAsync(federation.Ohio.Store, Tlp.Green, late, perBundle: 5);
            }

            if (!more)
            {
                Assert.False(page.Json.TryGetProperty("next", out _));
                break;
            }

            next = page.Json.GetProperty("next").GetString();
        }

        clock.Stop();
        output.WriteLine($"figure: {pages} TAXII pages of 7 objects (1,050 objects, 50 inserted mid-read) in {clock.ElapsedMilliseconds} ms over HTTPS, bearer auth, one client");
        Assert.Equal(Enumerable.Range(0, 1050), served);
        Assert.Equal(150, pages);
    }

    [Fact]
    public async Task MalformedStixPayloadInTheInbox_IsSkippedAndLaterObjectsAreServed()
    {
        var store = federation.Ohio.Store;
        var now = DateTimeOffset.UtcNow;
        foreach (var payload in new[] { "{not json", "[1,2]", "{\"type\":\"bundle\",\"objects\":{}}" })
        {
            Assert.True(await store.TryAddInboxAsync(new Isac.Node.LocalStore.InboxBundle(
                Guid.NewGuid().ToByteArray(), "cert-national", Tlp.Green, Isac.V1.BundleKind.Indicator, "application/stix+json;version=2.1", string.Empty,
                new Isac.Core.Policy.Audience(["election-sector"], []), now, now, null, null, 0, System.Text.Encoding.UTF8.GetBytes(payload), [1])));
        }

        var after = TaxiiStix.Custom("x-isac-after-malformed", TlpMarkings.Green);
        await TaxiiStix.InsertAsync(store, Tlp.Green, [after], perBundle: 1);
        using var reader = federation.Ohio.Reader();
        var page = await reader.GetAsync(TaxiiStix.ObjectsPath("tlp-green", "match[type]=x-isac-after-malformed"));
        Assert.True(page.Status == HttpStatusCode.OK, page.Text);
        Assert.Equal(after.ToJsonString(), Assert.Single(page.Json.GetProperty("objects").EnumerateArray()).GetRawText());
    }

    [Fact]
    public async Task Filters_SelectByIdTypeVersionSpecVersionAndAddedAfter()
    {
        var id = $"x-isac-versioned--{Guid.NewGuid()}";
        var versions = new[] { "2026-03-01T12:00:00Z", "2026-03-02T12:00:00.000Z", "2026-03-03T12:00:00.5Z" };
        var objects = versions.Select((v, i) => TaxiiStix.Custom("x-isac-versioned", TlpMarkings.Green, id: id, modified: v, serial: i)).ToList();
        var other = TaxiiStix.Custom("x-isac-other-probe", TlpMarkings.Green);
        var indicator = TaxiiStix.Indicator(TlpMarkings.Green);
        await TaxiiStix.InsertAsync(federation.Ohio.Store, Tlp.Green, [objects[0], other], perBundle: 2);
        await TaxiiStix.InsertAsync(federation.Ohio.Store, Tlp.Green, [objects[2], indicator], perBundle: 2);
        await TaxiiStix.InsertAsync(federation.Ohio.Store, Tlp.Green, [objects[1]], perBundle: 1);

        using var reader = federation.Ohio.Reader();
        async Task<List<JsonNode>> Objects(string query)
        {
            var page = await reader.GetAsync(TaxiiStix.ObjectsPath("tlp-green", query));
            Assert.True(page.Status == HttpStatusCode.OK, page.Text);
            return page.Json.GetProperty("objects").EnumerateArray().Select(o => JsonNode.Parse(o.GetRawText())!).ToList();
        }

        static int Serial(JsonNode node) => node["x_serial"]!.GetValue<int>();

        // Default: the last version only.
        Assert.Equal([2], (await Objects($"match[id]={id}")).Select(Serial));
        Assert.Equal([0], (await Objects($"match[id]={id}&match[version]=first")).Select(Serial));
        Assert.Equal([0, 2, 1], (await Objects($"match[id]={id}&match[version]=all")).Select(Serial));
        Assert.Equal([0, 2], (await Objects($"match[id]={id}&match[version]=first,last")).Select(Serial));
        Assert.Equal([1], (await Objects($"match[id]={id}&match[version]=2026-03-02T12:00:00Z")).Select(Serial));

        var byType = await Objects($"match[type]=x-isac-other-probe,indicator&match[id]={other["id"]},{indicator["id"]},{id}");
        Assert.Equal([other["id"]!.GetValue<string>(), indicator["id"]!.GetValue<string>()], byType.Select(o => o["id"]!.GetValue<string>()));
        Assert.Empty(await Objects($"match[id]={id}&match[spec_version]=2.0"));
        Assert.Single(await Objects($"match[id]={id}&match[spec_version]=2.1"));

        // added_after: only what was added after the first version's date_added.
        var manifest = await reader.GetAsync($"/taxii2/api/collections/tlp-green/manifest/?match[id]={id}&match[version]=all");
        var entries = manifest.Json.GetProperty("objects").EnumerateArray().ToList();
        Assert.Equal(versions[0], entries[0].GetProperty("version").GetString());
        Assert.Equal("application/stix+json;version=2.1", entries[0].GetProperty("media_type").GetString());
        var firstAdded = entries[0].GetProperty("date_added").GetString();
        Assert.Equal([2, 1], (await Objects($"match[id]={id}&match[version]=all&added_after={firstAdded}")).Select(Serial));

        // One object, and its versions.
        var single = await reader.GetAsync($"/taxii2/api/collections/tlp-green/objects/{id}/");
        Assert.Equal(2, Serial(JsonNode.Parse(Assert.Single(single.Json.GetProperty("objects").EnumerateArray()).GetRawText())!));
        var listed = await reader.GetAsync($"/taxii2/api/collections/tlp-green/objects/{id}/versions/");
        Assert.Equal([versions[0], versions[2], versions[1]], listed.Json.GetProperty("versions").EnumerateArray().Select(v => v.GetString()!));
        Assert.False(listed.Json.GetProperty("more").GetBoolean());
        var firstPage = await reader.GetAsync($"/taxii2/api/collections/tlp-green/objects/{id}/versions/?limit=2");
        Assert.True(firstPage.Json.GetProperty("more").GetBoolean());
        Assert.Equal(2, firstPage.Json.GetProperty("versions").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(firstPage.Json.GetProperty("next").GetString()));
    }
}
