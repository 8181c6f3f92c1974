using Isac.Identity.Configuration;
using Microsoft.Extensions.Configuration;

namespace Isac.IntegrationTests.Identity;

/// <summary>The typed identity settings that in-process hosts (CLI, load generator, tests) turn into configuration.</summary>
public sealed class IdentityOptionsTests
{
    [Fact]
    public void ToConfiguration_BindsBackToTheSameSettings()
    {
        var options = new IdentityOptions
        {
            ListenAddress = "0.0.0.0",
            Port = 1234,
            Issuer = "https://identity.example:1234/",
            Audience = "another-broker",
            AccessTokenLifetime = TimeSpan.FromSeconds(90),
            HubCaCertificatePath = "/ca.pem",
            ServerCertificatePath = "/server.pem",
            ServerKeyPath = "/server.key",
            ServerKeyPassphrase = "server passphrase",
            GovernanceRootPublicKey = new string('a', 64),
            RosterPath = "/roster.bin",
            SigningKeyPath = "/signing.key",
            SigningKeyPassphrase = "signing passphrase",
        };
        options.AdminMembers.Add("cert-national");
        options.AdminMembers.Add("cert-backup");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(options.ToConfiguration()).Build();
        var bound = configuration.GetSection(IdentityOptions.SectionName).Get<IdentityOptions>();

        Assert.NotNull(bound);
        Assert.Equivalent(options, bound, strict: true);
    }
}
