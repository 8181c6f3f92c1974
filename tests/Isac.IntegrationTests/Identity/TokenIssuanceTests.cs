using System.Net;
using Isac.IntegrationTests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Isac.IntegrationTests.Identity;

/// <summary>The identity service's token endpoint over real TLS, with real hub-CA certificates and the signed roster.</summary>
public sealed class TokenIssuanceTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private const string Ohio = TestFederation.OfficeOhio;

    [Fact]
    public async Task Token_ForActiveMemberOverMtls_CarriesMemberAudienceScopesAndCertificateBinding()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);

        var response = await fixture.Client.RequestAsync(certificate, Ohio, "isac.publish isac.subscribe");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var token = response.AccessToken!;
        var payload = Jwt.Payload(token);
        Assert.Equal(Ohio, payload.GetProperty("sub").GetString());
        Assert.Equal(Ohio, payload.GetProperty("client_id").GetString());
        Assert.Equal(fixture.Identity.Issuer.ToString(), payload.GetProperty("iss").GetString());
        Assert.Equal("isac-broker", payload.GetProperty("aud").GetString());
        Assert.Equal(["isac.publish", "isac.subscribe"], Jwt.Scopes(token));
        Assert.Equal(Jwt.Thumbprint(certificate), payload.GetProperty("cnf").GetProperty("x5t#S256").GetString());
        Assert.Equal(300, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        Assert.Equal("ES256", Jwt.Header(token).GetProperty("alg").GetString());
        Assert.Equal("Bearer", response.Body.GetProperty("token_type").GetString());
    }

    [Fact]
    public async Task Token_SignatureVerifiesWithThePublishedKeySet()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Client.GetTokenAsync(certificate, Ohio, "isac.subscribe");
        var discovery = await fixture.Client.GetJsonAsync(".well-known/openid-configuration");
        var keys = await fixture.Client.GetJsonAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!).PathAndQuery.TrimStart('/'));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(keys.GetRawText()).GetSigningKeys(),
            ValidIssuer = fixture.Identity.Issuer.ToString(),
            ValidAudience = "isac-broker",
        });

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task Discovery_AdvertisesTlsClientAuthOnlyAndCertificateBoundTokens()
    {
        var discovery = await fixture.Client.GetJsonAsync(".well-known/openid-configuration");

        Assert.Equal(["tls_client_auth"], discovery.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["client_credentials"], discovery.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.True(discovery.GetProperty("tls_client_certificate_bound_access_tokens").GetBoolean());
    }

    [Fact]
    public async Task Token_WithoutScope_GetsPublishAndSubscribe()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);

        var token = await fixture.Client.GetTokenAsync(certificate, Ohio);

        Assert.Equal(["isac.publish", "isac.subscribe"], Jwt.Scopes(token));
    }

    [Fact]
    public async Task Token_WithAdminScopeForConfiguredAdmin_IsIssued()
    {
        using var certificate = fixture.Pki.IssueMember(TestFederation.Cert);

        var token = await fixture.Client.GetTokenAsync(certificate, TestFederation.Cert, "isac.admin");

        Assert.Equal(["isac.admin"], Jwt.Scopes(token));
    }

    [Fact]
    public async Task Token_WithoutClientCertificate_IsRefusedAsInvalidClient()
    {
        var response = await fixture.Client.RequestAsync(certificate: null, Ohio);

        AssertRefused(response, "invalid_client", "client certificate issued by the hub CA is required");
    }

    [Fact]
    public async Task Token_WithForeignCaCertificate_IsRefusedAsInvalidClient()
    {
        using var certificate = fixture.Pki.IssueForeignMember(Ohio);

        var response = await fixture.Client.RequestAsync(certificate, Ohio);

        AssertRefused(response, "invalid_client", "does not chain to the hub CA");
    }

    [Fact]
    public async Task Token_ForHubCertificateOfNonMember_IsRefusedAsInvalidClient()
    {
        using var certificate = fixture.Pki.IssueMember("office-nowhere");

        var response = await fixture.Client.RequestAsync(certificate, "office-nowhere");

        AssertRefused(response, "invalid_client", "'office-nowhere' is not a member in the directory roster");
    }

    [Fact]
    public async Task Token_WithClientIdOfAnotherMember_IsRefusedAsInvalidClient()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);

        var response = await fixture.Client.RequestAsync(certificate, TestFederation.OfficeTexas);

        AssertRefused(response, "invalid_client", $"does not match the certificate's member '{Ohio}'");
    }

    [Fact]
    public async Task Token_ForMemberRevokedInTheRoster_IsRefusedWithoutRestart()
    {
        const string memberId = "office-revoked";
        fixture.Pki.Federation.Add(TestFederation.Spec(memberId, "revoked-county", Core.Labels.Tlp.Amber, [Core.Membership.Role.ElectionOffice], ["election-sector"]));
        await fixture.Pki.Federation.WriteRosterAsync();
        using var certificate = fixture.Pki.IssueMember(memberId);
        var before = await fixture.Client.RequestAsync(certificate, memberId);

        fixture.Pki.Federation.Revoke(memberId, "key compromise");
        await fixture.Pki.Federation.WriteRosterAsync();
        var after = await fixture.Client.RequestAsync(certificate, memberId);

        Assert.Equal(HttpStatusCode.OK, before.Status);
        AssertRefused(after, "invalid_client", $"member '{memberId}' is revoked (key compromise)");
    }

    [Fact]
    public async Task Token_WithUnknownScope_IsRefusedAsInvalidScope()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);

        var response = await fixture.Client.RequestAsync(certificate, Ohio, "isac.publish isac.everything");

        AssertRefused(response, "invalid_scope", "scope 'isac.everything' is unknown");
    }

    [Fact]
    public async Task Token_WithAdminScopeForNonAdmin_IsRefusedAsInvalidScope()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);

        var response = await fixture.Client.RequestAsync(certificate, Ohio, "isac.subscribe isac.admin");

        AssertRefused(response, "invalid_scope", $"member '{Ohio}' may not request scope 'isac.admin'");
    }

    private static void AssertRefused(TokenResponse response, string error, string reason)
    {
        Assert.Null(response.AccessToken);
        Assert.True(error == response.Error, $"{response.Error}: {response.ErrorDescription}");
        Assert.Contains(reason, response.ErrorDescription, StringComparison.Ordinal);
        Assert.True(response.Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"status {response.Status}");
    }
}
