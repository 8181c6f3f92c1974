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
        var host = await ProtectedTestHost.StartAsync(fixture.Pki, fixture.Identity.Issuer, time: later);
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(host, certificate, token));

            AssertRefused(error, StatusCode.Unauthenticated, "the access token is refused: The specified token is no longer valid");
        }
        finally
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task GetDirectory_WithTokenForAnotherAudience_IsUnauthenticated()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Tokens.GetTokenAsync(certificate, Ohio, "isac.subscribe");
        var host = await ProtectedTestHost.StartAsync(fixture.Pki, fixture.Identity.Issuer, audience: "isac-other-service");
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => CallGetDirectoryAsync(host, certificate, token));

            AssertRefused(error, StatusCode.Unauthenticated, "the access token is refused: The specified token doesn't contain any valid audience");
        }
        finally
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
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
