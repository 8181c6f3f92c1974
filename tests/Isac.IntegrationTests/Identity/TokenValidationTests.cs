using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Isac.IntegrationTests.Hosting;
using Isac.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;

namespace Isac.IntegrationTests.Identity;

/// <summary>
/// The broker's token validation component end to end: tokens from the real identity service, presented over
/// real mTLS gRPC to a host that uses the component; every refusal has its status and reason.
/// </summary>
public sealed class TokenValidationTests(TokenEndToEndFixture fixture) : IClassFixture<TokenEndToEndFixture>
{
    private const string Ohio = TestFederation.OfficeOhio;
    private const string Texas = TestFederation.OfficeTexas;

    [Fact]
    public async Task GetDirectory_WithBoundSubscribeToken_IsServedAsTheTokensMember()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Tokens.GetTokenAsync(certificate, Ohio, "isac.subscribe");

        var answer = await CallGetDirectoryAsync(fixture.Protected, certificate, token);

        Assert.Equal(Ohio, answer.Signature.ToStringUtf8());
    }

    [Fact]
    public async Task Publish_WithBoundPublishToken_IsServed()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Tokens.GetTokenAsync(certificate, Ohio, "isac.publish");
        using var channel = BrokerChannels.Create(Address(fixture.Protected), fixture.Pki.Trust, certificate);

        var response = await new Isac.V1.Broker.BrokerClient(channel).PublishAsync(new SealedBundle(), Bearer(token));

        Assert.NotNull(response);
    }

    [Fact]
    public async Task GetDirectory_WithoutToken_IsUnauthenticated()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);

        var error = await Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(fixture.Protected, certificate, token: null));

        AssertRefused(error, StatusCode.Unauthenticated, "an access token is required");
    }

    [Fact]
    public async Task GetDirectory_WithForgedToken_IsUnauthenticated()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Tokens.GetTokenAsync(certificate, Ohio, "isac.subscribe");
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";

        var error = await Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(fixture.Protected, certificate, forged));

        AssertRefused(error, StatusCode.Unauthenticated, "the access token is refused: The signature associated to the specified token is not valid");
    }

    [Fact]
    public async Task Publish_WithSubscribeOnlyToken_IsPermissionDenied()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Tokens.GetTokenAsync(certificate, Ohio, "isac.subscribe");
        using var channel = BrokerChannels.Create(Address(fixture.Protected), fixture.Pki.Trust, certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => new Isac.V1.Broker.BrokerClient(channel).PublishAsync(new SealedBundle(), Bearer(token)).ResponseAsync);

        AssertRefused(error, StatusCode.PermissionDenied, "/isac.v1.Broker/Publish requires scope 'isac.publish'; the access token has 'isac.subscribe'");
    }

    [Fact]
    public async Task Ack_WithPublishOnlyToken_IsPermissionDenied()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Tokens.GetTokenAsync(certificate, Ohio, "isac.publish");
        using var channel = BrokerChannels.Create(Address(fixture.Protected), fixture.Pki.Trust, certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => new Isac.V1.Broker.BrokerClient(channel).AckAsync(new AckRequest { Cursor = 1 }, Bearer(token)).ResponseAsync);

        AssertRefused(error, StatusCode.PermissionDenied, "requires scope 'isac.subscribe'");
    }

    [Fact]
    public async Task GetDirectory_WithTokenPresentedOverAnotherMembersCertificate_IsUnauthenticated()
    {
        using var ohio = fixture.Pki.IssueMember(Ohio);
        using var texas = fixture.Pki.IssueMember(Texas);
        var ohioToken = await fixture.Tokens.GetTokenAsync(ohio, Ohio, "isac.subscribe");

        var error = await Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(fixture.Protected, texas, ohioToken));

        AssertRefused(error, StatusCode.Unauthenticated, "the access token is refused: The specified certificate-based proof-of-possession is not valid");
    }

    [Fact]
    public async Task GetDirectory_WithTokenPresentedOverAnotherCertificateOfTheSameMember_IsUnauthenticated()
    {
        using var first = fixture.Pki.IssueMember(Ohio);
        using var second = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Tokens.GetTokenAsync(first, Ohio, "isac.subscribe");

        var error = await Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(fixture.Protected, second, token));

        AssertRefused(error, StatusCode.Unauthenticated, "the access token is refused: The specified certificate-based proof-of-possession is not valid");
    }

    [Fact]
    public async Task GetDirectory_WithExpiredToken_IsUnauthenticated()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Tokens.GetTokenAsync(certificate, Ohio, "isac.subscribe");
        // Tokens live 5 minutes: a resource server whose clock is 6 minutes ahead sees this one expired.
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(6));
        var error = await ProtectedTestHost.UsingAsync(
            ProtectedTestHost.StartAsync(fixture.Pki, fixture.Identity.Issuer, time: later),
            host => Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(host, certificate, token)));

        AssertRefused(error, StatusCode.Unauthenticated, "the access token is refused: The specified token is no longer valid");
    }

    [Fact]
    public async Task GetDirectory_WithTokenForAnotherAudience_IsUnauthenticated()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Tokens.GetTokenAsync(certificate, Ohio, "isac.subscribe");
        var error = await ProtectedTestHost.UsingAsync(
            ProtectedTestHost.StartAsync(fixture.Pki, fixture.Identity.Issuer, audience: "isac-other-service"),
            host => Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(host, certificate, token)));

        AssertRefused(error, StatusCode.Unauthenticated, "the access token is refused: The specified token doesn't contain any valid audience");
    }

    [Fact]
    public async Task GetDirectory_WithTokenFromAnotherIssuer_IsUnauthenticated()
    {
        await using var other = await IdentityTestHost.StartAsync(fixture.Pki, "other-issuer");
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await other.CreateClient().GetTokenAsync(certificate, Ohio, "isac.subscribe");

        var error = await Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(fixture.Protected, certificate, token));

        AssertRefused(error, StatusCode.Unauthenticated, "the access token is refused: The issuer associated to the specified token is not valid");
    }

    [Fact]
    public async Task GetDirectory_WithValidlySignedTokenWithoutCertificateBinding_IsUnauthenticated()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = MintToken(Ohio, boundTo: null);

        var error = await Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(fixture.Protected, certificate, token));

        AssertRefused(error, StatusCode.Unauthenticated, "the access token is not bound to a client certificate (no cnf claim)");
    }

    [Fact]
    public async Task GetDirectory_WithTokenWhoseSubjectIsNotTheCertificatesMember_IsUnauthenticated()
    {
        using var texas = fixture.Pki.IssueMember(Texas);
        var token = MintToken(Ohio, boundTo: texas);

        var error = await Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(fixture.Protected, texas, token));

        AssertRefused(error, StatusCode.Unauthenticated, $"the access token's member '{Ohio}' is not the member of the client certificate ('{Texas}')");
    }

    [Fact]
    public async Task GetDirectory_WhenIdentityServiceIsUnreachable_IsUnavailable()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Tokens.GetTokenAsync(certificate, Ohio, "isac.subscribe");
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var deadIssuer = new Uri($"https://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
        var error = await ProtectedTestHost.UsingAsync(
            ProtectedTestHost.StartAsync(fixture.Pki, deadIssuer),
            host => Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(host, certificate, token)));

        AssertRefused(error, StatusCode.Unavailable, "the identity service's signing keys cannot be retrieved");
    }

    [Theory]
    [InlineData("Isac:Tokens:Issuer", null)]
    [InlineData("Isac:Tokens:Issuer", "http://127.0.0.1:7444/")]
    [InlineData("Isac:Tokens:Audience", " ")]
    [InlineData("Isac:Tokens:HubCaCertificatePath", "/nonexistent/hub-ca.crt.pem")]
    public async Task TokenValidation_WithBadSetting_StopsTheHostAndNamesIt(string setting, string? value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Isac:Tokens:Issuer"] = fixture.Identity.Issuer.ToString(),
            ["Isac:Broker:HubCaCertificatePath"] = fixture.Pki.HubCaCertificatePath,
            [setting] = value,
        };
        await using var host = ProtectedTestHost.Build(fixture.Pki, settings);

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    // A token signed with the identity service's own key (read from its key file) but with chosen claims: what a
    // flawed or compromised issuer could produce, to show the broker's own checks behind OpenIddict's.
    private string MintToken(string subject, X509Certificate2? boundTo)
    {
        var settings = fixture.Identity.Settings();
        var key = Isac.Identity.Security.TokenSigningKey.LoadOrCreate(new Isac.Identity.Configuration.IdentityOptions
        {
            SigningKeyPath = settings["Isac:Identity:SigningKeyPath"],
            SigningKeyPassphrase = settings["Isac:Identity:SigningKeyPassphrase"],
        });
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["client_id"] = subject,
            ["scope"] = "isac.subscribe",
            ["jti"] = Guid.NewGuid().ToString(),
        };
        if (boundTo is not null)
        {
            claims["cnf"] = new Dictionary<string, object> { ["x5t#S256"] = Jwt.Thumbprint(boundTo) };
        }

        var now = DateTime.UtcNow;
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = fixture.Identity.Issuer.ToString(),
            Audience = "isac-broker",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            TokenType = "at+jwt",
            Claims = claims,
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static Uri Address(WebApplication app) => ProtectedTestHost.Address(app);

    private static Metadata Bearer(string? token) => ProtectedTestHost.Bearer(token);

    private Task<SignedDirectorySnapshot> CallGetDirectoryAsync(WebApplication host, X509Certificate2 certificate, string? token) =>
        ProtectedTestHost.GetDirectoryAsync(host, fixture.Pki.Trust, certificate, token);

    private static void AssertRefused(RpcException error, StatusCode status, string reason)
    {
        Assert.Equal(status, error.StatusCode);
        Assert.Contains(reason, error.Status.Detail, StringComparison.Ordinal);
    }
}
