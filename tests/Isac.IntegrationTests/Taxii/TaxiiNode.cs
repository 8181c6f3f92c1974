using System.Security.Cryptography.X509Certificates;
using Isac.IntegrationTests.Node;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Isac.IntegrationTests.Taxii;

/// <summary>A started node with its TAXII server's address and clients for its local users.</summary>
public sealed class TaxiiNode(TestNode node, WebApplication app, Uri taxiiAddress, X509Certificate2 hubCa)
{
    public string MemberId => node.MemberId;

    public Uri TaxiiAddress => taxiiAddress;

    /// <summary>The node's gRPC (cleartext, loopback) address.</summary>
    public Uri GrpcAddress => new(app.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal)));

    /// <summary>The analyst (HTTP basic).</summary>
    public TaxiiClient Analyst() => Client(TaxiiClient.Basic("analyst", TaxiiFederationFixture.AnalystPassword));

    /// <summary>The GREEN-only reader (bearer token).</summary>
    public TaxiiClient Reader() => Client(TaxiiClient.Bearer(TaxiiFederationFixture.ReaderToken));

    /// <summary>The RED reader (bearer token).</summary>
    public TaxiiClient RedTeam() => Client(TaxiiClient.Bearer(TaxiiFederationFixture.RedTeamToken));

    /// <summary>A client with any (or no) <c>Authorization</c> header.</summary>
    public TaxiiClient Client(System.Net.Http.Headers.AuthenticationHeaderValue? authorization) => new(taxiiAddress, hubCa, authorization);

    /// <summary>A bare HTTPS client for the TAXII listener (trusting the hub CA only).</summary>
    public HttpClient RawHttp() => new(TaxiiClient.TrustingOnly(hubCa)) { BaseAddress = taxiiAddress, DefaultRequestVersion = System.Net.HttpVersion.Version20 };

    /// <summary>The node's local store, for inserting volume directly.</summary>
    internal NodeStore Store => app.Services.GetRequiredService<NodeRuntime>().Store;

    /// <summary>The node's TAXII index (status records).</summary>
    internal Isac.Node.Taxii.TaxiiIndex Index => app.Services.GetRequiredService<Isac.Node.Taxii.TaxiiIndex>();

    public string LastLogLines() => string.Join(Environment.NewLine, node.Logs.Entries.TakeLast(30).Select(e => $"{e.Level} {e.Category}: {e.Message}"));
}
