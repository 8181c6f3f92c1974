using Isac.Core.Tokens;
using Isac.IntegrationTests.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Isac.IntegrationTests.Identity;

/// <summary>
/// The token client every caller of the broker uses, against the real identity service (Kestrel, TLS, mTLS client
/// authentication): caching, renewal before expiry on the client's clock, one request for concurrent callers, and a
/// refusal reported with the service's own error.
/// </summary>
public sealed class MemberTokenClientTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private const string Ohio = TestFederation.OfficeOhio;

    // The identity service's default lifetime (5 min): renewed when a third of it (100 s) is left.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task GetToken_IsCachedUntilARenewalIsDue_ThenRenewedBeforeExpiry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var certificate = fixture.Pki.IssueMember(Ohio);
        using var tokens = MemberTokenClient.Create(fixture.Identity.Issuer, Ohio, IsacScopes.Member, fixture.Pki.Trust, certificate, clock);

        var first = await tokens.GetTokenAsync();
        clock.Advance(Lifetime - MemberTokenClient.RenewalMargin(Lifetime) - TimeSpan.FromSeconds(1));
        var cached = await tokens.GetTokenAsync();
        Assert.Equal(1, tokens.TokensObtained);
        clock.Advance(TimeSpan.FromSeconds(2));
        var renewed = await tokens.GetTokenAsync();

        Assert.Equal(first, cached);
        Assert.NotEqual(first, renewed);
        Assert.Equal(2, tokens.TokensObtained);
        Assert.Equal(Ohio, Jwt.Payload(renewed).GetProperty("sub").GetString());
        Assert.Equal(Jwt.Thumbprint(certificate), Jwt.Payload(renewed).GetProperty("cnf").GetProperty("x5t#S256").GetString());
        Assert.Equal(new[] { IsacScopes.Publish, IsacScopes.Subscribe }, Jwt.Scopes(renewed));
    }

    [Fact]
    public async Task GetToken_ManyConcurrentCallers_ShareOneRequest()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        using var tokens = MemberTokenClient.Create(fixture.Identity.Issuer, Ohio, IsacScopes.Member, fixture.Pki.Trust, certificate);

        var all = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => tokens.GetTokenAsync().AsTask()));

        Assert.Single(all.Distinct(StringComparer.Ordinal));
        Assert.Equal(1, tokens.TokensObtained);
    }

    [Fact]
    public async Task GetToken_UnknownMember_ReportsTheIdentityServiceAndItsError()
    {
        using var certificate = fixture.Pki.IssueMember("office-unknown");
        using var tokens = MemberTokenClient.Create(fixture.Identity.Issuer, "office-unknown", IsacScopes.Member, fixture.Pki.Trust, certificate);

        var error = await Assert.ThrowsAsync<TokenRequestException>(() => tokens.GetTokenAsync().AsTask());

        Assert.False(error.IsTransient);
        Assert.Equal("invalid_client", error.Error);
        Assert.Contains("office-unknown", error.ErrorDescription, StringComparison.Ordinal);
        Assert.Contains($"The identity service at {fixture.Identity.Issuer} refused a token for member 'office-unknown'", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.ErrorDescription!, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, tokens.TokensObtained);
    }

    [Fact]
    public async Task GetToken_UnknownScope_ReportsInvalidScope()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        using var tokens = MemberTokenClient.Create(fixture.Identity.Issuer, Ohio, "isac.everything", fixture.Pki.Trust, certificate);

        var error = await Assert.ThrowsAsync<TokenRequestException>(() => tokens.GetTokenAsync().AsTask());

        Assert.Equal("invalid_scope", error.Error);
        Assert.Contains("isac.everything", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetToken_IdentityServiceDown_IsTransientAndNamesTheService()
    {
        // A port nothing listens on: connection refused.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var issuer = new Uri($"https://127.0.0.1:{port}/");
        using var certificate = fixture.Pki.IssueMember(Ohio);
        using var tokens = MemberTokenClient.Create(issuer, Ohio, IsacScopes.Member, fixture.Pki.Trust, certificate);

        var error = await Assert.ThrowsAsync<TokenRequestException>(() => tokens.GetTokenAsync().AsTask());

        Assert.True(error.IsTransient);
        Assert.Contains($"The identity service at {issuer} cannot be reached", error.Message, StringComparison.Ordinal);
    }
}
