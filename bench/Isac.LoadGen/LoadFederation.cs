using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Keys;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Pki;
using Isac.Core.Tokens;
using Isac.Identity.Configuration;
using Isac.Identity.Hosting;
using Isac.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Isac.LoadGen;

/// <summary>
/// A throw-away federation for one run, all real and on disk in a temp folder: the hub CA with the broker's
/// server certificate and encrypted key, the governance root, a certified directory key, the broker's receipt
/// key, generated members with real keys and root-signed cards in a roster, member client certificates, and the
/// identity service's certificate (<see cref="StartIdentityAsync"/> runs it in this process: the broker requires its tokens).
/// </summary>
internal sealed class LoadFederation : IDisposable
{
    private const string Passphrase = "isac load generator (throw-away)";
    private readonly ConcurrentDictionary<string, MemberKeys> _members = new(StringComparer.Ordinal);
    private Uri? _issuer;

    private LoadFederation(DirectoryInfo directory)
    {
        Directory = directory;
    }

    public DirectoryInfo Directory { get; }

    public HubCertificateAuthority Ca { get; } = HubCertificateAuthority.Create("isac load-generator hub CA");

    public GovernanceRoot Root { get; } = new(SigningKeyPair.Generate());

    public IReadOnlyDictionary<string, MemberKeys> Members => _members;

    /// <summary>The identity service's issuer, once <see cref="StartIdentityAsync"/> has run.</summary>
    public Uri Issuer => _issuer ?? throw new InvalidOperationException("The identity service has not been started.");

    /// <summary>Signs directory snapshots with the certified directory key (what the broker does from the roster).</summary>
    public DirectoryPublisher DirectoryPublisher { get; private set; } = null!;

    private string Path(string file) => System.IO.Path.Combine(Directory.FullName, file);

    /// <summary>Creates the PKI and keys and writes the roster with <paramref name="specs"/> (keys are generated here).</summary>
    public static async Task<LoadFederation> CreateAsync(IReadOnlyList<Member> specs)
    {
        var federation = new LoadFederation(System.IO.Directory.CreateTempSubdirectory("isac-loadgen-"));
        await PemFiles.WriteCertificateAsync(federation.Ca.Certificate, federation.Path("hub-ca.crt.pem"));
        using (var server = federation.Ca.IssueServerCertificate("isac-loadgen-broker"))
        {
            await PemFiles.WriteCertificateAndKeyAsync(server, federation.Path("broker.crt.pem"), federation.Path("broker.key.pem"), Passphrase);
        }

        using (var identity = federation.Ca.IssueServerCertificate("isac-loadgen-identity"))
        {
            await PemFiles.WriteCertificateAndKeyAsync(identity, federation.Path("identity.crt.pem"), federation.Path("identity.key.pem"), Passphrase);
        }

        var directoryKey = SigningKeyPair.Generate();
        var now = DateTimeOffset.UtcNow;
        var certificate = federation.Root.CertifyDirectoryKey(directoryKey.PublicKey, now.AddMinutes(-5), now.AddHours(23));
        await File.WriteAllBytesAsync(federation.Path("directory-key.cert"), certificate.ToByteArray());
        federation.DirectoryPublisher = new DirectoryPublisher(directoryKey, certificate);
        var brokerKey = SigningKeyPair.Generate();
        var brokerCertificate = federation.Root.CertifyBrokerKey(brokerKey.PublicKey, "broker-loadgen", now.AddMinutes(-5), now.AddDays(30));
        await File.WriteAllBytesAsync(federation.Path("broker-signing.cert"), brokerCertificate.ToByteArray());
        // PBKDF2-protected key files (~0.3 s each): written in parallel.
        await Task.WhenAll(
            Task.Run(() => KeyFiles.WriteSigningKey(federation.Path("directory.key.pem"), directoryKey, Passphrase)),
            Task.Run(() => KeyFiles.WriteSigningKey(federation.Path("broker-signing.key.pem"), brokerKey, Passphrase)));

        Parallel.ForEach(specs, spec =>
        {
            var signing = SigningKeyPair.Generate();
            var encryption = EncryptionKeyPair.Generate();
            var member = spec with { SigningPublicKey = signing.PublicKey, EncryptionPublicKey = encryption.PublicKey };
            federation._members[member.MemberId] = new MemberKeys(member, signing, encryption, federation.Root.SignCard(MemberCards.ToCard(member)));
        });

        var roster = new DirectoryRoster();
        roster.Cards.AddRange(specs.Select(s => federation._members[s.MemberId].Card));
        await File.WriteAllBytesAsync(federation.Path("roster.bin"), roster.ToByteArray());
        return federation;
    }

    /// <summary>
    /// Starts the real identity service in this process (its CPU is not the broker's) on a free port, with the
    /// federation's roster and hub CA; the broker and the members' clients use its tokens.
    /// </summary>
    public async Task<WebApplication> StartIdentityAsync()
    {
        var port = FreePort.Next();
        var issuer = new Uri($"https://127.0.0.1:{port}/");
        var settings = new IdentityOptions
        {
            ListenAddress = "127.0.0.1",
            Port = port,
            Issuer = issuer.ToString(),
            HubCaCertificatePath = Path("hub-ca.crt.pem"),
            ServerCertificatePath = Path("identity.crt.pem"),
            ServerKeyPath = Path("identity.key.pem"),
            ServerKeyPassphrase = Passphrase,
            GovernanceRootPublicKey = Convert.ToHexStringLower(Root.PublicKey),
            RosterPath = Path("roster.bin"),
            SigningKeyPath = Path("token-signing.key.pem"),
            SigningKeyPassphrase = Passphrase,
        }.ToConfiguration();
        settings["Logging:LogLevel:Default"] = "Warning";
        var app = IdentityHost.Build(["--hostBuilder:reloadConfigOnChange=false"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        _issuer = issuer;
        return app;
    }

    /// <summary>A member's token client (its certificate binds the tokens), from the started identity service.</summary>
    public MemberTokenClient Tokens(string memberId, X509Certificate2 certificate) =>
        MemberTokenClient.Create(Issuer, memberId, IsacScopes.Member, Trust, certificate);

    /// <summary>A member spec; keys are filled in by <see cref="CreateAsync"/>.</summary>
    public static Member Spec(string id, Tlp clearance, Role role, params string[] communities) =>
        new(id, id, new HashSet<Role> { role }, clearance, communities.ToHashSet(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal),
            new byte[32], new byte[32], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

    /// <summary>The broker's configuration as environment variables (<c>Isac__Section__Name</c>).</summary>
    public Dictionary<string, string> BrokerEnvironment(int port, string? storeConnectionString, string logLevel)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Isac__Broker__ListenAddress"] = "127.0.0.1",
            ["Isac__Broker__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Isac__Broker__BrokerId"] = "broker-loadgen",
            ["Isac__Broker__HubCaCertificatePath"] = Path("hub-ca.crt.pem"),
            ["Isac__Broker__ServerCertificatePath"] = Path("broker.crt.pem"),
            ["Isac__Broker__ServerKeyPath"] = Path("broker.key.pem"),
            ["Isac__Broker__ServerKeyPassphrase"] = Passphrase,
            ["Isac__Directory__GovernanceRootPublicKey"] = Convert.ToHexStringLower(Root.PublicKey),
            ["Isac__Directory__RosterPath"] = Path("roster.bin"),
            ["Isac__Directory__DirectoryKeyPath"] = Path("directory.key.pem"),
            ["Isac__Directory__DirectoryKeyPassphrase"] = Passphrase,
            ["Isac__Directory__DirectoryKeyCertificatePath"] = Path("directory-key.cert"),
            ["Isac__Publish__SigningKeyPath"] = Path("broker-signing.key.pem"),
            ["Isac__Publish__SigningKeyCertificatePath"] = Path("broker-signing.cert"),
            ["Isac__Publish__SigningKeyPassphrase"] = Passphrase,
            ["Isac__Tokens__Issuer"] = Issuer.ToString(),
            ["Logging__LogLevel__Default"] = logLevel,
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        if (storeConnectionString is null)
        {
            settings["Isac__Store__DataDirectory"] = Path("store");
        }
        else
        {
            settings["Isac__Store__ConnectionString"] = storeConnectionString;
        }

        return settings;
    }

    public X509Certificate2 IssueClientCertificate(string memberId) => Ca.IssueMemberCertificate(memberId);

    public HubTrust Trust => Ca.CreateTrust();

    /// <summary>A snapshot of every member's card, signed and then verified as a node would.</summary>
    public VerifiedDirectory SignedDirectory(ulong version = 1) =>
        Verify(DirectoryPublisher.Sign(version, DateTimeOffset.UtcNow, _members.Values.Select(m => m.Card), []));

    /// <summary>Verifies a snapshot as a node would, against this federation's root.</summary>
    public VerifiedDirectory Verify(SignedDirectorySnapshot snapshot)
    {
        var verification = new DirectoryVerifier(Root.PublicKey, TimeProvider.System).Verify(snapshot, (DirectoryVersionMark?)null);
        return verification.Directory ?? throw new InvalidOperationException($"The broker's directory does not verify: {verification.Error}: {verification.Message}");
    }

    public void Dispose()
    {
        Ca.Dispose();
        try
        {
            Directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is cleaned by the OS later.
        }
    }
}

/// <summary>A generated member's card data, private keys and root-signed card.</summary>
internal sealed record MemberKeys(Member Member, SigningKeyPair Signing, EncryptionKeyPair Encryption, SignedMemberCard Card);
