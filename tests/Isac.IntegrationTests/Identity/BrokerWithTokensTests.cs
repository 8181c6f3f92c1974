using Grpc.Core;
using Grpc.Health.V1;
using Isac.Broker.Hosting;
using Isac.IntegrationTests.Hosting;
using Isac.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Isac.IntegrationTests.Identity;

/// <summary>
/// The real broker host with the token checks switched on by the one call it will use
/// (<c>AddIsacTokenValidation</c>), beside the real identity service. The broker's own host is not changed
/// yet: this shows the wiring works before it is made the default.
/// </summary>
public sealed class BrokerWithTokensTests(BrokerWithTokensTests.Fixture fixture) : IClassFixture<BrokerWithTokensTests.Fixture>
{
    private const string Ohio = TestFederation.OfficeOhio;

    [Fact]
    public async Task GetDirectory_WithBoundToken_ReturnsTheSnapshotSignedUnderTheRoot()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Identity.CreateClient().GetTokenAsync(certificate, Ohio, "isac.subscribe");
        using var channel = BrokerChannels.Create(fixture.Address, fixture.Pki.Trust, certificate);

        var snapshot = await new Isac.V1.Broker.BrokerClient(channel).GetDirectoryAsync(new GetDirectoryRequest(), ProtectedTestHost.Bearer(token));

        Assert.Contains(fixture.Pki.Federation.Verify(snapshot).ActiveMembers, member => member.MemberId == Ohio);
    }

    [Fact]
    public async Task GetDirectory_WithMemberCertificateButNoToken_IsUnauthenticated()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        using var channel = BrokerChannels.Create(fixture.Address, fixture.Pki.Trust, certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => new Isac.V1.Broker.BrokerClient(channel).GetDirectoryAsync(new GetDirectoryRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("an access token is required", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WithSubscribeOnlyToken_IsPermissionDeniedBeforeTheBundleIsRead()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Identity.CreateClient().GetTokenAsync(certificate, Ohio, "isac.subscribe");
        using var channel = BrokerChannels.Create(fixture.Address, fixture.Pki.Trust, certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => new Isac.V1.Broker.BrokerClient(channel).PublishAsync(new SealedBundle(), ProtectedTestHost.Bearer(token)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("requires scope 'isac.publish'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheck_WithBoundToken_ReturnsServing()
    {
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await fixture.Identity.CreateClient().GetTokenAsync(certificate, Ohio, "isac.subscribe");
        using var channel = BrokerChannels.Create(fixture.Address, fixture.Pki.Trust, certificate);

        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), ProtectedTestHost.Bearer(token));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    /// <summary>A test PKI, the identity service, and the real broker (embedded store) with token checks on.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private static readonly string[] Args = ["--hostBuilder:reloadConfigOnChange=false"];
        private TestPki? _pki;
        private IdentityTestHost? _identity;
        private WebApplication? _broker;

        public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

        public IdentityTestHost Identity => _identity ?? throw new InvalidOperationException("The fixture is not initialized.");

        public Uri Address { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _pki = await TestPki.CreateAsync();
            _identity = await IdentityTestHost.StartAsync(_pki);
            var settings = _pki.BrokerSettings();
            settings["Isac:Tokens:Issuer"] = _identity.Issuer.ToString();
            _broker = BrokerHost.Build(Args, builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Services.AddIsacTokenValidation(builder.Configuration);
            });
            await _broker.StartAsync();
            Address = new Uri(_broker.Urls.Single());
        }

        public async Task DisposeAsync()
        {
            if (_broker is not null)
            {
                await _broker.StopAsync();
                await _broker.DisposeAsync();
            }

            if (_identity is not null)
            {
                await _identity.DisposeAsync();
            }

            _pki?.Dispose();
        }
    }
}
