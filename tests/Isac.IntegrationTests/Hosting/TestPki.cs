using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Isac.Core.Pki;
using Isac.Core.Tokens;
using Isac.IntegrationTests.Identity;

namespace Isac.IntegrationTests.Hosting;

/// <summary>
/// A throw-away hub CA in a temp directory: its certificate, the broker's server certificate and encrypted key
/// on disk (what the broker reads), member certificates in memory, a foreign CA for negative tests, and the real
/// identity service in-process (every broker on this PKI requires its tokens; see <see cref="TokenCredentials"/>).
/// </summary>
public sealed class TestPki : IAsyncDisposable
{
    public const string Passphrase = "integration-test passphrase";

    private readonly ConcurrentDictionary<string, MemberTokenClient> _tokens = new(StringComparer.Ordinal);
    private IdentityTestHost? _identity;

    private TestPki(DirectoryInfo directory)
    {
        Directory = directory;
        HubCaCertificatePath = Path.Combine(directory.FullName, "hub-ca.crt.pem");
        ServerCertificatePath = Path.Combine(directory.FullName, "broker.crt.pem");
        ServerKeyPath = Path.Combine(directory.FullName, "broker.key.pem");
        ForeignServerCertificatePath = Path.Combine(directory.FullName, "foreign-broker.crt.pem");
        ForeignServerKeyPath = Path.Combine(directory.FullName, "foreign-broker.key.pem");
    }

    public DirectoryInfo Directory { get; }

    /// <summary>The governance side: root, directory key, member cards in a roster, the broker's receipt key.</summary>
    public TestFederation Federation { get; private set; } = null!;

    /// <summary>Where an embedded Garnet broker keeps its data; null settings use a Redis connection string instead.</summary>
    public string StoreDirectory => Path.Combine(Directory.FullName, "store");

    public HubCertificateAuthority Ca { get; } = HubCertificateAuthority.Create("integration-test hub CA");

    public HubCertificateAuthority ForeignCa { get; } = HubCertificateAuthority.Create("foreign CA");

    public string HubCaCertificatePath { get; }

    public string ServerCertificatePath { get; }

    public string ServerKeyPath { get; }

    /// <summary>A server certificate and key from the foreign CA (for the start-up refusal test).</summary>
    public string ForeignServerCertificatePath { get; }

    public string ForeignServerKeyPath { get; }

    public HubTrust Trust => Ca.CreateTrust();

    /// <summary>The identity service of this PKI's federation (running from <see cref="CreateAsync"/> on).</summary>
    public IdentityTestHost Identity => _identity ?? throw new InvalidOperationException("The identity service is not running.");

    /// <param name="identitySettings">Identity service settings on top of the defaults (for example a short <c>Isac:Identity:AccessTokenLifetime</c>).</param>
    public static async Task<TestPki> CreateAsync(IDictionary<string, string?>? identitySettings = null)
    {
        var pki = new TestPki(System.IO.Directory.CreateTempSubdirectory("isac-broker-pki-"));
        await PemFiles.WriteCertificateAsync(pki.Ca.Certificate, pki.HubCaCertificatePath);
        using (var server = pki.Ca.IssueServerCertificate("broker-test"))
        {
            await PemFiles.WriteCertificateAndKeyAsync(server, pki.ServerCertificatePath, pki.ServerKeyPath, Passphrase);
        }

        using (var foreign = pki.ForeignCa.IssueServerCertificate("broker-test"))
        {
            await PemFiles.WriteCertificateAndKeyAsync(foreign, pki.ForeignServerCertificatePath, pki.ForeignServerKeyPath, Passphrase);
        }

        pki.Federation = await TestFederation.CreateAsync(pki.Directory.FullName, Passphrase);
        pki._identity = await IdentityTestHost.StartAsync(pki, settings: identitySettings);
        return pki;
    }

    /// <summary>Configuration for a broker on 127.0.0.1, a free port, with this PKI.</summary>
    public Dictionary<string, string?> BrokerSettings(string? redisConnectionString = null)
    {
        var settings = new Dictionary<string, string?>(Federation.BrokerSettings())
        {
            ["Isac:Broker:ListenAddress"] = "127.0.0.1",
            ["Isac:Broker:Port"] = "0",
            ["Isac:Broker:BrokerId"] = "broker-test",
            ["Isac:Broker:HubCaCertificatePath"] = HubCaCertificatePath,
            ["Isac:Broker:ServerCertificatePath"] = ServerCertificatePath,
            ["Isac:Broker:ServerKeyPath"] = ServerKeyPath,
            ["Isac:Broker:ServerKeyPassphrase"] = Passphrase,
            ["Isac:Tokens:Issuer"] = Identity.Issuer.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (redisConnectionString is null)
        {
            settings["Isac:Store:DataDirectory"] = StoreDirectory;
        }
        else
        {
            settings["Isac:Store:ConnectionString"] = redisConnectionString;
        }

        return settings;
    }

    public X509Certificate2 IssueMember(string memberId) => Ca.IssueMemberCertificate(memberId);

    public X509Certificate2 IssueForeignMember(string memberId) => ForeignCa.IssueMemberCertificate(memberId);

    /// <summary>
    /// The token client of the member named by <paramref name="certificate"/> (one per certificate, kept until the PKI
    /// is disposed, so every channel made with the same certificate shares its cached token).
    /// </summary>
    public MemberTokenClient Tokens(X509Certificate2 certificate, string scope = IsacScopes.Member)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var memberId = MemberCertificates.GetMemberId(certificate)
            ?? throw new ArgumentException("The certificate names no member, so it cannot get a token.", nameof(certificate));
        return _tokens.GetOrAdd(certificate.Thumbprint + " " + scope, _ => MemberTokenClient.Create(Identity.Issuer, memberId, scope, Trust, certificate));
    }

    /// <summary>
    /// Call credentials that attach the member's token (from this PKI's identity service) to every call, or null for a
    /// certificate that names no member or is not from the hub CA (such a caller cannot get a token; the broker's TLS
    /// or token check refuses it).
    /// </summary>
    public CallCredentials? TokenCredentials(X509Certificate2? certificate, string scope = IsacScopes.Member) =>
        certificate is null || !Trust.ValidateClientCertificate(certificate).IsAccepted ? null : Tokens(certificate, scope).ToCallCredentials();

    public async ValueTask DisposeAsync()
    {
        if (_identity is not null)
        {
            await _identity.DisposeAsync();
        }

        foreach (var client in _tokens.Values)
        {
            client.Dispose();
        }

        Ca.Dispose();
        ForeignCa.Dispose();
        Directory.Delete(recursive: true);
    }
}
