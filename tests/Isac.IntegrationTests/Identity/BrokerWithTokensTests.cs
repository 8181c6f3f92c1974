using Grpc.Core;
using Grpc.Health.V1;
using Isac.IntegrationTests.Hosting;
using Isac.V1;
using Microsoft.AspNetCore.Builder;

namespace Isac.IntegrationTests.Identity;

/// <summary>
/// The real broker host (token checks are always on) beside the real identity service: the broker accepts a bound
/// token and refuses a call without one or with the wrong scope.
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

    /// <summary>A test PKI, its identity service, and the real broker (embedded store).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private TestPki? _pki;
        private WebApplication? _broker;

        public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

        public IdentityTestHost Identity => Pki.Identity;

        public Uri Address { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _pki = await TestPki.CreateAsync();
            var settings = _pki.BrokerSettings();
            _broker = TestBroker.Build(settings);
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

            if (_pki is not null)
            {
                await _pki.DisposeAsync();
            }
        }
    }
}
