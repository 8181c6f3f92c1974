using Grpc.Core;
using Isac.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Isac.IntegrationTests.Identity;

/// <summary>The identity service's start-up and restarts: the signing key persists, bad settings stop it.</summary>
public sealed class IdentityLifecycleTests(TestPkiFixture fixture) : IClassFixture<TestPkiFixture>
{
    private const string Ohio = TestFederation.OfficeOhio;

    [Fact]
    public async Task Token_IssuedBeforeRestart_IsAcceptedAfterRestart()
    {
        await using var identity = await IdentityTestHost.StartAsync(fixture.Pki, "restart");
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await identity.CreateClient().GetTokenAsync(certificate, Ohio, "isac.subscribe");

        await identity.StopAsync();
        await identity.StartAsync();
        // A resource server that first meets the identity service after the restart.
        var answer = await WithProtectedHostAsync(identity.Issuer, host => ProtectedTestHost.GetDirectoryAsync(host, fixture.Pki.Trust, certificate, token));

        Assert.Equal(Ohio, answer.Signature.ToStringUtf8());
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", await File.ReadAllTextAsync(identity.SigningKeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_SignedWithAReplacedKey_IsRefusedAfterRestart()
    {
        await using var identity = await IdentityTestHost.StartAsync(fixture.Pki, "replaced-key");
        using var certificate = fixture.Pki.IssueMember(Ohio);
        var token = await identity.CreateClient().GetTokenAsync(certificate, Ohio, "isac.subscribe");

        await identity.StopAsync();
        File.Delete(identity.SigningKeyPath);
        await identity.StartAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            WithProtectedHostAsync(identity.Issuer, host => ProtectedTestHost.GetDirectoryAsync(host, fixture.Pki.Trust, certificate, token)));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("the access token is refused: The signing key associated to the specified token was not found", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityHost_WithWrongSigningKeyPassphrase_DoesNotStart()
    {
        await using var identity = await IdentityTestHost.StartAsync(fixture.Pki, "wrong-passphrase");
        await identity.StopAsync();
        var settings = identity.Settings();
        settings["Isac:Identity:SigningKeyPassphrase"] = "not the passphrase";

        var error = Assert.Throws<InvalidOperationException>(() => IdentityTestHost.Build(settings));

        Assert.Contains("Isac:Identity:SigningKeyPath", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Isac:Identity:Issuer", "http://127.0.0.1:7444/")]
    [InlineData("Isac:Identity:RosterPath", "/nonexistent/roster.bin")]
    [InlineData("Isac:Identity:GovernanceRootPublicKey", "abc")]
    [InlineData("Isac:Identity:AccessTokenLifetime", "02:00:00")]
    [InlineData("Isac:Identity:AdminMembers:0", "Not A Member")]
    [InlineData("Isac:Identity:ServerKeyPassphrase", "")]
    public async Task IdentityHost_WithBadSetting_DoesNotStartAndNamesIt(string setting, string value)
    {
        await using var identity = await IdentityTestHost.PrepareAsync(fixture.Pki, "bad-settings");
        var settings = identity.Settings();
        settings[setting] = value;

        var error = Assert.Throws<OptionsValidationException>(() => IdentityTestHost.Build(settings));

        Assert.Contains(setting.Replace(":0", string.Empty, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    private Task<T> WithProtectedHostAsync<T>(Uri issuer, Func<WebApplication, Task<T>> call) =>
        ProtectedTestHost.UsingAsync(ProtectedTestHost.StartAsync(fixture.Pki, issuer), call);
}
