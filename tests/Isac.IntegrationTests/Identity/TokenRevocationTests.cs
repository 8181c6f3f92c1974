using Grpc.Core;
using Isac.Core.Labels;
using Isac.IntegrationTests.Hosting;
using Isac.V1;

namespace Isac.IntegrationTests.Identity;

/// <summary>
/// Revocation reaches tokens that are still valid: a member's token obtained before its revocation (and not yet
/// expired) no longer gets its publish or subscription through the broker, and the identity service issues it no new
/// token. Real identity service, real broker, real gRPC over mTLS; the revocation goes through the roster.
/// </summary>
public sealed class TokenRevocationTests(TokenRevocationTests.Fixture fixture) : IClassFixture<TokenRevocationTests.Fixture>
{
    private const string Vendor = TestFederation.Vendor;

    [Fact]
    public async Task UnexpiredToken_AfterTheMembersRevocation_IsRefusedWithTheRevocationAsReason()
    {
        var pki = fixture.Pki;
        using var certificate = pki.IssueMember(Vendor);
        var tokens = pki.Tokens(certificate);
        using var channel = BrokerChannels.CreateWithTokens(fixture.Broker.Address, pki, certificate);
        var vendor = new V1.Broker.BrokerClient(channel);
        var directory = pki.Federation.Verify(await vendor.GetDirectoryAsync(new GetDirectoryRequest()));
        var token = await tokens.GetTokenAsync();

        pki.Federation.Revoke(Vendor, "stolen laptop");
        await pki.Federation.WriteRosterAsync();
        using var cert = fixture.Broker.Client(TestFederation.Cert);
        Assert.True(await EventuallyAsync(async () => (await cert.DirectoryAsync(pki.Federation)).FindActive(Vendor) is null), "the broker never published the revocation");

        // The same token, still within its lifetime, is what the next calls present.
        Assert.Equal(token, await tokens.GetTokenAsync());
        Assert.True(DateTimeOffset.FromUnixTimeSeconds(Jwt.Payload(token).GetProperty("exp").GetInt64()) > DateTimeOffset.UtcNow, "the token expired before the check");
        Assert.Equal(1, tokens.TokensObtained);
        var publish = await Assert.ThrowsAsync<RpcException>(() => vendor.PublishAsync(
            pki.Federation.SealTo(Vendor, directory.Version, Tlp.Green, Core.Policy.Audience.OfMembers(TestFederation.Cert), [pki.Federation.Members[TestFederation.Cert].Member])).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, publish.StatusCode);
        Assert.Contains("revoked", publish.Status.Detail, StringComparison.Ordinal);
        using var subscription = vendor.Subscribe(new SubscribeRequest());
        var subscribe = await Assert.ThrowsAsync<RpcException>(() => subscription.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, subscribe.StatusCode);
        Assert.Contains("revoked", subscribe.Status.Detail, StringComparison.Ordinal);

        // And no new token: the identity service reads the same roster.
        var again = await pki.Identity.CreateClient().RequestAsync(certificate, Vendor);
        Assert.Equal("invalid_client", again.Error);
        Assert.Contains($"member '{Vendor}' is revoked (stolen laptop)", again.ErrorDescription, StringComparison.Ordinal);
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (patience.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    /// <summary>A fresh PKI and broker of its own: the test revokes a member.</summary>
    public sealed class Fixture : PkiBrokerFixture;
}
