using System.Security.Cryptography.X509Certificates;
using Isac.Core.Pki;

namespace Isac.IntegrationTests.Hosting;

/// <summary>
/// A throw-away hub CA in a temp directory: its certificate, the broker's server certificate and encrypted key
/// on disk (what the broker reads), member certificates in memory, and a foreign CA for negative tests.
/// </summary>
public sealed class TestPki : IDisposable
{
    public const string Passphrase = "integration-test passphrase";

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

    public static async Task<TestPki> CreateAsync()
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

    public void Dispose()
    {
        Ca.Dispose();
        ForeignCa.Dispose();
        Directory.Delete(recursive: true);
    }
}
