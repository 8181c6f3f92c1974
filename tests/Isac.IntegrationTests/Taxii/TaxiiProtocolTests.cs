using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Isac.Core.Labels;

namespace Isac.IntegrationTests.Taxii;

/// <summary>TAXII 2.1 conformance of the node's server: every status code and header the issue names.</summary>
[Collection(TaxiiCollectionDefinition.Name)]
public sealed class TaxiiProtocolTests(TaxiiFederationFixture federation)
{
    [Fact]
    public async Task Discovery_NamesTheOneApiRoot()
    {
        using var client = federation.Ohio.Reader();
        var discovery = await client.GetAsync("/taxii2/");
        Assert.Equal(HttpStatusCode.OK, discovery.Status);
        var root = new Uri(federation.Ohio.TaxiiAddress, "/taxii2/api/").ToString();
        Assert.Equal(root, discovery.Json.GetProperty("default").GetString());
        Assert.Equal(root, Assert.Single(discovery.Json.GetProperty("api_roots").EnumerateArray()).GetString());

        var apiRoot = await client.GetAsync("/taxii2/api/");
        Assert.Equal(HttpStatusCode.OK, apiRoot.Status);
        Assert.Equal(TaxiiClient.MediaType, Assert.Single(apiRoot.Json.GetProperty("versions").EnumerateArray()).GetString());
        Assert.Equal(TaxiiFederationFixture.MaxContentLength, apiRoot.Json.GetProperty("max_content_length").GetInt32());
    }

    [Fact]
    public async Task NoCredentials_Is401WithAChallenge()
    {
        using var client = federation.Ohio.Client(null);
        var response = await client.GetAsync("/taxii2/api/collections/");
        response.AssertError(HttpStatusCode.Unauthorized);
        Assert.Contains("Basic", response.Headers["WWW-Authenticate"], StringComparison.Ordinal);
        Assert.Contains("Bearer", response.Headers["WWW-Authenticate"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic", "analyst", "wrong password")]
    [InlineData("Basic", "nobody", TaxiiFederationFixture.AnalystPassword)]
    [InlineData("Bearer", null, "not-a-configured-token")]
    public async Task WrongCredentials_Are401(string scheme, string? user, string secret)
    {
        var header = scheme == "Basic" ? TaxiiClient.Basic(user!, secret) : TaxiiClient.Bearer(secret);
        using var client = federation.Ohio.Client(header);
        (await client.GetAsync("/taxii2/")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/taxii+json;version=2.0")]
    [InlineData("application/stix+json;version=2.1")]
    public async Task UnacceptableAccept_Is406(string accept)
    {
        using var client = federation.Ohio.Reader();
        (await client.GetAsync("/taxii2/api/collections/", accept)).AssertError(HttpStatusCode.NotAcceptable);
    }

    [Theory]
    [InlineData("application/taxii+json")]
    [InlineData("application/taxii+json; version=2.1")]
    [InlineData("*/*")]
    [InlineData(null)]
    public async Task AcceptableAccept_Is200(string? accept)
    {
        using var client = federation.Ohio.Reader();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/taxii2/api/", accept)).Status);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/stix+json;version=2.1")]
    [InlineData("application/taxii+json;version=2.0")]
    public async Task PostWithWrongContentType_Is415(string contentType)
    {
        using var client = federation.Ohio.Analyst();
        var body = TaxiiStix.Envelope([TaxiiStix.Indicator(TlpMarkings.Green).ToJsonString()]);
        (await client.PostAsync(TaxiiStix.ObjectsPath("outbox"), body, contentType)).AssertError(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task PostAboveMaxContentLength_Is413()
    {
        using var client = federation.Ohio.Analyst();
        var indicator = TaxiiStix.Indicator(TlpMarkings.Green);
        indicator["description"] = new string('x', TaxiiFederationFixture.MaxContentLength);
        var response = await client.PostAsync(TaxiiStix.ObjectsPath("outbox"), TaxiiStix.Envelope([indicator.ToJsonString()]));
        response.AssertError(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains(TaxiiFederationFixture.MaxContentLength.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Json.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"objects\":[]}")]
    [InlineData("{\"type\":\"bundle\"}")]
    [InlineData("{not json")]
    public async Task PostThatIsNotAnEnvelopeOfObjects_Is400(string body)
    {
        using var client = federation.Ohio.Analyst();
        (await client.PostAsync(TaxiiStix.ObjectsPath("outbox"), body)).AssertError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CollectionsTheUserMayNotUse_Are403()
    {
        using var reader = federation.Ohio.Reader();
        (await reader.GetAsync(TaxiiStix.ObjectsPath("tlp-amber"))).AssertError(HttpStatusCode.Forbidden);
        (await reader.GetAsync("/taxii2/api/collections/tlp-amber/")).AssertError(HttpStatusCode.Forbidden);
        var body = TaxiiStix.Envelope([TaxiiStix.Indicator(TlpMarkings.Green).ToJsonString()]);
        (await reader.PostAsync(TaxiiStix.ObjectsPath("outbox"), body)).AssertError(HttpStatusCode.Forbidden);

        using var analyst = federation.Ohio.Analyst();
        (await analyst.GetAsync(TaxiiStix.ObjectsPath("tlp-red"))).AssertError(HttpStatusCode.Forbidden);
        (await analyst.GetAsync(TaxiiStix.ObjectsPath("outbox"))).AssertError(HttpStatusCode.Forbidden);
        (await analyst.PostAsync(TaxiiStix.ObjectsPath("tlp-green"), body)).AssertError(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UnknownCollectionObjectOrStatus_Is404()
    {
        using var analyst = federation.Ohio.Analyst();
        (await analyst.GetAsync(TaxiiStix.ObjectsPath("no-such-collection"))).AssertError(HttpStatusCode.NotFound);
        (await analyst.GetAsync($"/taxii2/api/collections/tlp-green/objects/indicator--{Guid.NewGuid()}/")).AssertError(HttpStatusCode.NotFound);
        (await analyst.GetAsync($"/taxii2/api/status/{Guid.NewGuid()}/")).AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownPathAndUnsupportedMethod_AreTaxiiErrors()
    {
        using var reader = federation.Ohio.Reader();
        (await reader.GetAsync("/taxii2/no-such-endpoint/")).AssertError(HttpStatusCode.NotFound);
        var delete = await reader.SendAsync(HttpMethod.Delete, $"/taxii2/api/collections/tlp-green/objects/indicator--{Guid.NewGuid()}/", TaxiiClient.MediaType, null);
        delete.AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task StatusOfAnotherUsersPost_Is404()
    {
        using var analyst = federation.Ohio.Analyst();
        var status = await analyst.PostAsync(TaxiiStix.ObjectsPath("outbox"), TaxiiStix.Envelope([TaxiiStix.Indicator(TlpMarkings.Green).ToJsonString()]));
        Assert.Equal(HttpStatusCode.Accepted, status.Status);
        using var reader = federation.Ohio.Reader();
        (await reader.GetAsync($"/taxii2/api/status/{status.Json.GetProperty("id").GetString()}/")).AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RedCollection_IsServedOnlyToAUserConfiguredForRed()
    {
        var red = TaxiiStix.Custom("x-isac-red-probe", TlpMarkings.Red);
        await TaxiiStix.InsertAsync(federation.Ohio.Store, Tlp.Red, [red], perBundle: 1);

        using var analyst = federation.Ohio.Analyst();
        var analystCollections = await analyst.GetAsync("/taxii2/api/collections/");
        Assert.DoesNotContain(analystCollections.Json.GetProperty("collections").EnumerateArray(), c => c.GetProperty("alias").GetString() == "tlp-red");
        Assert.Contains(analystCollections.Json.GetProperty("collections").EnumerateArray(), c => c.GetProperty("alias").GetString() == "outbox" && c.GetProperty("can_write").GetBoolean());

        using var redTeam = federation.Ohio.RedTeam();
        var collections = await redTeam.GetAsync("/taxii2/api/collections/");
        var listed = Assert.Single(collections.Json.GetProperty("collections").EnumerateArray());
        Assert.Equal("tlp-red", listed.GetProperty("alias").GetString());
        var objects = await redTeam.GetAsync(TaxiiStix.ObjectsPath(listed.GetProperty("id").GetString()!, "match[type]=x-isac-red-probe"));
        Assert.Equal(red.ToJsonString(), Assert.Single(objects.Json.GetProperty("objects").EnumerateArray()).GetRawText());
    }

    [Fact]
    public async Task DateAddedHeaders_AreTheFirstAndLastObjectsDateAdded()
    {
        var objects = Enumerable.Range(0, 5).Select(i => TaxiiStix.Custom("x-isac-header-probe", TlpMarkings.Green, serial: i)).ToList();
        await TaxiiStix.InsertAsync(federation.Ohio.Store, Tlp.Green, objects, perBundle: 2);
        using var reader = federation.Ohio.Reader();
        var manifest = await reader.GetAsync("/taxii2/api/collections/tlp-green/manifest/?match[type]=x-isac-header-probe");
        var dates = manifest.Json.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("date_added").GetString()!).ToList();
        Assert.Equal(5, dates.Count);
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        Assert.Equal(5, dates.Distinct().Count());
        Assert.Equal(dates[0], manifest.Headers["X-TAXII-Date-Added-First"]);
        Assert.Equal(dates[^1], manifest.Headers["X-TAXII-Date-Added-Last"]);

        var page = await reader.GetAsync(TaxiiStix.ObjectsPath("tlp-green", "match[type]=x-isac-header-probe&limit=2"));
        Assert.Equal(dates[0], page.Headers["X-TAXII-Date-Added-First"]);
        Assert.Equal(dates[1], page.Headers["X-TAXII-Date-Added-Last"]);
        Assert.True(page.Json.GetProperty("more").GetBoolean());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=seven")]
    [InlineData("next=abc")]
    [InlineData("added_after=yesterday")]
    [InlineData("match[version]=newest")]
    public async Task BadQueryParameters_Are400(string query)
    {
        using var reader = federation.Ohio.Reader();
        (await reader.GetAsync(TaxiiStix.ObjectsPath("tlp-green", query))).AssertError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GrpcListener_DoesNotServeTaxii()
    {
        using var http = new HttpClient { BaseAddress = federation.Ohio.GrpcAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/taxii2/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TaxiiFederationFixture.ReaderToken);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(string.Empty, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task TaxiiListener_DoesNotServeTheLocalGrpcApi()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/isac.v1.Node/ListInbox") { Content = new ByteArrayContent([0, 0, 0, 0, 0]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var http = federation.Ohio.RawHttp();
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("grpc-status") || response.TrailingHeaders.Contains("grpc-status"));
    }
}
