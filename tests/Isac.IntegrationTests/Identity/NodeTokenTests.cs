using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Isac.Core.Tokens;
using Isac.IntegrationTests.Hosting;
using Isac.IntegrationTests.Node;
using Isac.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Isac.IntegrationTests.Identity;

/// <summary>
/// Real nodes against the real broker and identity service with very short-lived tokens (3 s): a node gets its
/// tokens itself, renews them as they run out and keeps publishing and receiving (its stream ends with each token
/// and it subscribes again); and it does not start without the identity service's URI.
/// </summary>
public sealed class NodeTokenTests(NodeTokenTests.Fixture fixture) : IClassFixture<NodeTokenTests.Fixture>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Node_AfterItsFirstTokenExpired_RenewsItAndKeepsPublishing()
    {
        var cert = fixture.Cert;
        var first = await cert.Client.PublishAsync(Bulletin("# Before\nfirst token"));
        Assert.Equal("published", first.Status);
        var tokens = cert.Services.GetRequiredService<MemberTokenClient>();
        var obtained = tokens.TokensObtained;
        Assert.True(obtained >= 1, "the node published without obtaining a token");

        // Past the lifetime of every token obtained so far (a wait, not a timing assertion).
        await Task.Delay(Lifetime + TimeSpan.FromSeconds(1));
        var second = await cert.Client.PublishAsync(Bulletin("# After\na renewed token"));

        Assert.Equal("published", second.Status);
        Assert.True(tokens.TokensObtained > obtained, $"the node obtained no new token ({tokens.TokensObtained})");
        await NodeInbox.WaitForAsync(fixture.Ohio, [first.BundleId, second.BundleId]);
    }

    [Fact]
    public async Task Call_RefusedBecauseTheCachedTokenExpired_DropsItAndTheNextCallGetsANewOne()
    {
        // The client's clock stands still, so on its own it would keep presenting its first token forever.
        using var client = new FrozenClockClient(fixture, TestFederation.OfficeOhio);
        var tokens = client.Tokens;
        var broker = new V1.Broker.BrokerClient(client.Channel.Intercept(new TokenRefusalInterceptor(tokens.Invalidate)));
        await broker.GetDirectoryAsync(new GetDirectoryRequest());

        await Task.Delay(Lifetime + TimeSpan.FromSeconds(1));
        var refused = await Assert.ThrowsAsync<RpcException>(() => broker.GetDirectoryAsync(new GetDirectoryRequest()).ResponseAsync);
        var served = await broker.GetDirectoryAsync(new GetDirectoryRequest());

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.StartsWith("the access token is refused: The specified token is no longer valid", refused.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(fixture.Pki.Federation.Verify(served).FindActive(TestFederation.OfficeOhio));
        Assert.Equal(2, tokens.TokensObtained);
    }

    [Fact]
    public async Task Subscribe_OpenStream_EndsWhenTheTokenItWasOpenedWithExpires()
    {
        // The client's clock stands still: it never renews, so only the broker can end the stream.
        using var client = new FrozenClockClient(fixture, TestFederation.Vendor);
        using var stream = new V1.Broker.BrokerClient(client.Channel).Subscribe(new SubscribeRequest());
        var read = Task.Run(async () =>
        {
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        var ended = await Assert.ThrowsAsync<RpcException>(() => read.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.StartsWith("token-expired: ", ended.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:7444/")]
    public async Task Start_WithoutAnHttpsIdentityUri_FailsNamingTheSetting(string? identityUri)
    {
        var node = await TestNode.CreateAsync(fixture.Pki, TestFederation.OfficeTexas, fixture.Broker.Address, Path.Combine(fixture.Pki.Directory.FullName, "no-identity-" + (identityUri is null ? "null" : "http")));
        node.Settings.Remove("Isac:Node:IdentityUri");
        if (identityUri is not null)
        {
            node.Settings["Isac:Node:IdentityUri"] = identityUri;
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = node.Build();
            await app.StartAsync();
        });

        Assert.Contains("Isac:Node:IdentityUri must be the identity service's https issuer URI", error.Message, StringComparison.Ordinal);
    }

    private static NodePublishRequest Bulletin(string text) => new()
    {
        Kind = BundleKind.Bulletin,
        ContentType = "text/markdown",
        Payload = ByteString.CopyFromUtf8(text),
        Tlp = TlpLabel.Green,
        Members = { TestFederation.OfficeOhio },
    };

    /// <summary>A member's broker channel whose token client's clock stands still (it renews only when told to).</summary>
    private sealed class FrozenClockClient : IDisposable
    {
        private readonly X509Certificate2 _certificate;

        public FrozenClockClient(Fixture fixture, string memberId)
        {
            _certificate = fixture.Pki.IssueMember(memberId);
            Tokens = MemberTokenClient.Create(fixture.Pki.Identity.Issuer, memberId, IsacScopes.Member, fixture.Pki.Trust, _certificate, new FakeTimeProvider(DateTimeOffset.UtcNow));
            Channel = BrokerChannels.Create(fixture.Broker.Address, fixture.Pki.Trust, _certificate, tokens: Tokens.ToCallCredentials());
        }

        public MemberTokenClient Tokens { get; }

        public GrpcChannel Channel { get; }

        public void Dispose()
        {
            Channel.Dispose();
            Tokens.Dispose();
            _certificate.Dispose();
        }
    }

    /// <summary>A PKI whose identity service issues 3-second tokens, its broker, and the CERT's and Ohio's nodes.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TestPki Pki { get; private set; } = null!;

        public RunningBroker Broker { get; private set; } = null!;

        public TestNode Cert { get; private set; } = null!;

        public TestNode Ohio { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Pki = await TestPki.CreateAsync(new Dictionary<string, string?> { ["Isac:Identity:AccessTokenLifetime"] = Lifetime.ToString() });
            Broker = await RunningBroker.StartAsync(Pki);
            var home = Path.Combine(Pki.Directory.FullName, "nodes");
            Cert = await TestNode.CreateAsync(Pki, TestFederation.Cert, Broker.Address, home);
            Ohio = await TestNode.CreateAsync(Pki, TestFederation.OfficeOhio, Broker.Address, home);
            await Task.WhenAll(Cert.StartAsync(), Ohio.StartAsync());
        }

        public async Task DisposeAsync()
        {
            foreach (var node in new[] { Cert, Ohio })
            {
                if (node is not null)
                {
                    await node.DisposeAsync();
                }
            }

            if (Broker is not null)
            {
                await Broker.DisposeAsync();
            }

            if (Pki is not null)
            {
                await Pki.DisposeAsync();
            }
        }
    }
}
