using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Isac.Broker.Hosting;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.IntegrationTests.Hosting;
using Isac.IntegrationTests.Identity;
using Isac.Storage;
using Isac.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Isac.IntegrationTests.Admin;

/// <summary>
/// A test PKI and federation, the real identity service (<see cref="TestFederation.Cert"/> is its only admin) and
/// the real broker (embedded store; token checks are always on), sharing one roster file. Tests change the roster
/// through the admin API only, each with its own new members, so they can share one federation.
/// </summary>
public sealed class AdminFixture : IAsyncLifetime
{
    public const string BrokerId = "broker-test";
    private static readonly string[] Args = ["--hostBuilder:reloadConfigOnChange=false"];
    private TestPki? _pki;
    private WebApplication? _broker;

    public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IdentityTestHost Identity => Pki.Identity;

    public WebApplication Broker => _broker ?? throw new InvalidOperationException("The fixture is not initialized.");

    public TestFederation Federation => Pki.Federation;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _pki = await TestPki.CreateAsync();
        var settings = _pki.BrokerSettings();
        // Longer than any test: a new snapshot within a test comes from the admin call, not from the refresh loop.
        settings["Isac:Directory:RefreshInterval"] = "00:10:00";
        _broker = BrokerHost.Build(Args, builder => builder.Configuration.AddInMemoryCollection(settings));
        await _broker.StartAsync();
        Address = new Uri(_broker.Urls.Single());
    }

    /// <summary>A connection as <paramref name="memberId"/> (its own hub-CA certificate) with a token for <paramref name="scopes"/>.</summary>
    public async Task<MemberSession> ConnectAsync(string memberId, string scopes)
    {
        var certificate = Pki.IssueMember(memberId);
        var token = await Identity.CreateClient().GetTokenAsync(certificate, memberId, scopes);
        return new MemberSession(certificate, BrokerChannels.Create(Address, Pki.Trust, certificate), ProtectedTestHost.Bearer(token));
    }

    /// <summary>The national CERT, the identity service's admin, with <c>isac.admin</c> and <c>isac.subscribe</c>.</summary>
    public Task<MemberSession> AdminAsync() => ConnectAsync(TestFederation.Cert, "isac.admin isac.subscribe");

    /// <summary>A new member's keys and its card signed by the federation's governance root (not yet in the roster).</summary>
    public TestMemberKeys NewMember(string memberId, Tlp clearance = Tlp.Green) =>
        Federation.Add(TestFederation.Spec(memberId, memberId + "-org", clearance, [Role.ElectionOffice], ["election-sector"]));

    /// <summary>A card for <paramref name="memberId"/> with new keys, signed by a root that is not the federation's.</summary>
    public static SignedMemberCard CardSignedByAnotherRoot(string memberId)
    {
        var spec = TestFederation.Spec(memberId, memberId + "-org", Tlp.Green, [Role.ElectionOffice], ["election-sector"]) with
        {
            SigningPublicKey = SigningKeyPair.Generate().PublicKey,
            EncryptionPublicKey = EncryptionKeyPair.Generate().PublicKey,
        };
        return new GovernanceRoot(SigningKeyPair.Generate()).SignCard(MemberCards.ToCard(spec));
    }

    /// <summary>The broker's audit chain, read through the storage API.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditAsync() =>
        await Broker.Services.GetRequiredService<IAuditLog>().ReadAuditAsync(BrokerId, 1, 100_000);

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

/// <summary>One member's mTLS channel to the broker and its bearer token.</summary>
public sealed class MemberSession(X509Certificate2 certificate, GrpcChannel channel, Metadata headers) : IDisposable
{
    public Metadata Headers { get; } = headers;

    public V1.Admin.AdminClient Admin { get; } = new(channel);

    public V1.Broker.BrokerClient Broker { get; } = new(channel);

    /// <summary>The snapshot this member gets from the broker, verified against the federation's root.</summary>
    public async Task<VerifiedDirectory> DirectoryAsync(TestFederation federation) =>
        federation.Verify(await Broker.GetDirectoryAsync(new GetDirectoryRequest(), Headers));

    public void Dispose()
    {
        channel.Dispose();
        certificate.Dispose();
    }
}
