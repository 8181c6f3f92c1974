using Isac.Core.Tokens;

namespace Isac.Core.Tests.Tokens;

/// <summary>The token client's renewal rule and its argument checks (no sockets: the token endpoint is tested in the integration tests).</summary>
public sealed class MemberTokenClientRulesTests
{
    [Theory]
    [InlineData(300, 100)] // 5 min: a third (100 s) is more than 60 s
    [InlineData(3600, 1200)] // 1 h: a third
    [InlineData(150, 60)] // 2.5 min: 60 s is more than a third (50 s)
    [InlineData(100, 50)] // 60 s would be more than half: at most half
    [InlineData(3, 1.5)] // very short test tokens: still cached for half their life
    public void RenewalMargin_IsAThirdOr60Seconds_WhicheverIsMore_AtMostHalf(double lifetimeSeconds, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), MemberTokenClient.RenewalMargin(TimeSpan.FromSeconds(lifetimeSeconds)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:7444/")]
    [InlineData("/relative/")]
    public void Create_WithoutAnHttpsIssuer_IsRefused(string issuer)
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => new MemberTokenClient(http, new Uri(issuer, UriKind.RelativeOrAbsolute), "office-ohio", IsacScopes.Member).Dispose());

        Assert.Contains("absolute https URI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenEndpoint_IsUnderTheIssuer_WithOrWithoutTrailingSlash()
    {
        using var http = new HttpClient();

        using var withSlash = new MemberTokenClient(http, new Uri("https://id.example:7444/isac/"), "office-ohio", IsacScopes.Member);
        using var withoutSlash = new MemberTokenClient(http, new Uri("https://id.example:7444/isac"), "office-ohio", IsacScopes.Member);

        Assert.Equal(new Uri("https://id.example:7444/isac/connect/token"), withSlash.TokenEndpoint);
        Assert.Equal(withSlash.TokenEndpoint, withoutSlash.TokenEndpoint);
    }

    [Fact]
    public void MemberScope_IsPublishAndSubscribe_AndEveryScopeIsKnown()
    {
        Assert.Equal("isac.publish isac.subscribe", IsacScopes.Member);
        Assert.Equal(["isac.publish", "isac.subscribe", "isac.admin"], IsacScopes.All);
    }
}
