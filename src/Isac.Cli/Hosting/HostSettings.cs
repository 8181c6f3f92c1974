using System.Globalization;
using System.Net;
using Isac.Cli.Home;
using Isac.Identity.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Isac.Cli.Hosting;

/// <summary>
/// The configuration the CLI hands the broker and node hosts, built from the home folder's layout (the hosts
/// themselves only take paths). Keys are the hosts' documented settings (README, "Configuration").
/// </summary>
internal static class HostSettings
{
    /// <summary>The default broker port (<c>Isac:Broker:Port</c>).</summary>
    public const int DefaultBrokerPort = 7443;

    /// <summary>The default node API port (<c>Isac:Node:Port</c>).</summary>
    public const int DefaultNodePort = 7601;

    /// <summary>The default identity service port (<c>Isac:Identity:Port</c>).</summary>
    public const int DefaultIdentityPort = 7444;

    /// <summary>The identity service's issuer when it runs on 127.0.0.1 and <paramref name="port"/>.</summary>
    public static Uri IdentityIssuer(int port) => new($"https://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/");

    /// <summary>Host arguments: no configuration file watchers (the CLI's settings are in memory).</summary>
    public static readonly string[] HostArgs = ["--hostBuilder:reloadConfigOnChange=false"];

    /// <summary>
    /// Log levels for <c>isac broker run</c> and <c>isac node run</c>: the hosts' own events and start-up, not every
    /// request. Added below the usual sources, so <c>Logging__LogLevel__Default</c> in the environment still wins.
    /// </summary>
    public static void AddDefaultLogLevels(ConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Isac"] = "Information",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            },
        });
    }

    /// <summary>Checks that what <c>isac broker run</c> needs exists, naming the command that creates what is missing.</summary>
    public static void RequireBrokerFiles(IsacHome home)
    {
        GovernanceFiles.RequireFile(home.HubCaCertificatePath, "the hub CA certificate", "isac certs dev");
        GovernanceFiles.RequireFile(home.BrokerCertificatePath, "the broker's certificate", "isac certs dev");
        GovernanceFiles.RequireFile(home.RootPublicKeyPath, "the governance root", "isac governance init");
        GovernanceFiles.RequireFile(home.DirectoryKeyPath, "the directory key", "isac governance init");
        GovernanceFiles.RequireFile(home.DirectoryKeyCertificatePath, "the directory key's certificate", "isac governance init");
        GovernanceFiles.RequireFile(home.ReceiptKeyPath, "the broker's receipt key", "isac governance init");
        GovernanceFiles.RequireFile(home.ReceiptKeyCertificatePath, "the broker's receipt key certificate", "isac governance certify-broker-key");
        GovernanceFiles.RequireFile(home.RosterPath, "the roster", "isac governance init");
    }

    /// <summary>Checks that what <c>isac identity run</c> needs exists.</summary>
    public static void RequireIdentityFiles(IsacHome home)
    {
        GovernanceFiles.RequireFile(home.HubCaCertificatePath, "the hub CA certificate", "isac certs dev");
        GovernanceFiles.RequireFile(home.IdentityCertificatePath, "the identity service's certificate", "isac certs dev");
        GovernanceFiles.RequireFile(home.RootPublicKeyPath, "the governance root", "isac governance init");
        GovernanceFiles.RequireFile(home.RosterPath, "the roster", "isac governance init");
    }

    /// <param name="home">The home folder.</param>
    /// <param name="passphrase">The passphrase of the server key and of the token signing key.</param>
    /// <param name="issuer">The issuer (from <see cref="IdentityIssuer"/>: the service listens on its port).</param>
    /// <param name="admins">Members that may ask for the <c>isac.admin</c> scope.</param>
    public static Dictionary<string, string?> Identity(IsacHome home, string passphrase, Uri issuer, IEnumerable<string> admins)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var options = new IdentityOptions
        {
            ListenAddress = "127.0.0.1",
            Port = issuer.Port,
            Issuer = issuer.ToString(),
            HubCaCertificatePath = home.HubCaCertificatePath,
            ServerCertificatePath = home.IdentityCertificatePath,
            ServerKeyPath = home.IdentityKeyPath,
            ServerKeyPassphrase = passphrase,
            GovernanceRootPublicKey = Convert.ToHexStringLower(GovernanceFiles.ReadRootPublicKey(home)),
            RosterPath = home.RosterPath,
            SigningKeyPath = home.IdentitySigningKeyPath,
            SigningKeyPassphrase = passphrase,
        };
        foreach (var admin in admins)
        {
            options.AdminMembers.Add(admin);
        }

        var settings = options.ToConfiguration();
        return settings;
    }

    /// <summary>Checks that what <c>isac node run --member ID</c> needs exists.</summary>
    public static void RequireNodeFiles(IsacHome home, string memberId)
    {
        GovernanceFiles.RequireFile(home.HubCaCertificatePath, "the hub CA certificate", "isac certs dev");
        GovernanceFiles.RequireFile(home.ClientCertificatePath(memberId), $"the client certificate of {memberId}", $"isac certs issue --member {memberId}");
        GovernanceFiles.RequireFile(home.RootPublicKeyPath, "the governance root", "isac governance init");
        GovernanceFiles.RequireFile(home.SigningKeyPath(memberId), $"the signing key of {memberId}", $"isac keys new --member {memberId}");
        GovernanceFiles.RequireFile(home.EncryptionKeyPath(memberId), $"the encryption key of {memberId}", $"isac keys new --member {memberId}");
    }

    /// <param name="home">The home folder.</param>
    /// <param name="passphrase">The passphrase of every key file (in memory only, never on a command line).</param>
    /// <param name="port">The broker's port (0: a free one).</param>
    /// <param name="redisConnectionString">An external Redis; null: the embedded Garnet store in the home folder.</param>
    /// <param name="identityIssuer">The identity service whose access tokens the broker requires.</param>
    public static Dictionary<string, string?> Broker(IsacHome home, string passphrase, int port, string? redisConnectionString, Uri identityIssuer)
    {
        ArgumentNullException.ThrowIfNull(identityIssuer);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Isac:Broker:ListenAddress"] = "127.0.0.1",
            ["Isac:Broker:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Isac:Broker:HubCaCertificatePath"] = home.HubCaCertificatePath,
            ["Isac:Broker:ServerCertificatePath"] = home.BrokerCertificatePath,
            ["Isac:Broker:ServerKeyPath"] = home.BrokerKeyPath,
            ["Isac:Broker:ServerKeyPassphrase"] = passphrase,
            ["Isac:Directory:GovernanceRootPublicKey"] = Convert.ToHexStringLower(GovernanceFiles.ReadRootPublicKey(home)),
            ["Isac:Directory:RosterPath"] = home.RosterPath,
            ["Isac:Directory:DirectoryKeyPath"] = home.DirectoryKeyPath,
            ["Isac:Directory:DirectoryKeyPassphrase"] = passphrase,
            ["Isac:Directory:DirectoryKeyCertificatePath"] = home.DirectoryKeyCertificatePath,
            ["Isac:Publish:SigningKeyPath"] = home.ReceiptKeyPath,
            ["Isac:Publish:SigningKeyCertificatePath"] = home.ReceiptKeyCertificatePath,
            ["Isac:Publish:SigningKeyPassphrase"] = passphrase,
            ["Isac:Tokens:Issuer"] = identityIssuer.ToString(),
        };
        if (string.IsNullOrWhiteSpace(redisConnectionString))
        {
            settings["Isac:Store:DataDirectory"] = home.StoreDirectory;
        }
        else
        {
            settings["Isac:Store:ConnectionString"] = redisConnectionString;
        }

        return settings;
    }

    /// <param name="home">The home folder.</param>
    /// <param name="memberId">The member whose node this is.</param>
    /// <param name="passphrase">The passphrase of the member's key files.</param>
    /// <param name="broker">The broker's address (https).</param>
    /// <param name="port">The node API's port (0: a free one).</param>
    /// <param name="identityIssuer">The identity service the node gets its access tokens from.</param>
    public static Dictionary<string, string?> Node(IsacHome home, string memberId, string passphrase, Uri broker, int port, Uri identityIssuer) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Isac:Node:IdentityUri"] = identityIssuer.ToString(),
        ["Isac:Node:MemberId"] = memberId,
        ["Isac:Node:DataDirectory"] = home.NodeDataDirectory(memberId),
        ["Isac:Node:BrokerAddress"] = broker.ToString().TrimEnd('/'),
        ["Isac:Node:HubCaCertificatePath"] = home.HubCaCertificatePath,
        ["Isac:Node:ClientCertificatePath"] = home.ClientCertificatePath(memberId),
        ["Isac:Node:ClientKeyPath"] = home.ClientKeyPath(memberId),
        ["Isac:Node:SigningKeyPath"] = home.SigningKeyPath(memberId),
        ["Isac:Node:EncryptionKeyPath"] = home.EncryptionKeyPath(memberId),
        ["Isac:Node:RetiredEncryptionKeyDirectory"] = home.RetiredEncryptionKeysDirectory(memberId),
        ["Isac:Node:KeyPassphrase"] = passphrase,
        ["Isac:Node:GovernanceRootPublicKey"] = Convert.ToHexStringLower(GovernanceFiles.ReadRootPublicKey(home)),
        ["Isac:Node:ListenAddress"] = "127.0.0.1",
        ["Isac:Node:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Checks that what <c>isac node run --taxii-port</c> needs exists: the TAXII certificate and at least one user.</summary>
    public static async Task<IReadOnlyList<TaxiiUserEntry>> RequireTaxiiFilesAsync(IsacHome home, string memberId, CancellationToken cancellationToken)
    {
        GovernanceFiles.RequireFile(home.TaxiiCertificatePath(memberId), $"the TAXII server certificate of {memberId}'s node", $"isac taxii cert --member {memberId}");
        GovernanceFiles.RequireFile(home.TaxiiKeyPath(memberId), $"the TAXII server key of {memberId}'s node", $"isac taxii cert --member {memberId}");
        var users = await TaxiiUserFile.ReadAsync(home.TaxiiUsersPath(memberId), cancellationToken).ConfigureAwait(false);
        if (users.Count == 0)
        {
            throw new CliException($"the node of {memberId} has no TAXII users ({home.TaxiiUsersPath(memberId)}): run `isac taxii user add --member {memberId} --user NAME` first (the TAXII server has no anonymous access)");
        }

        return users;
    }

    /// <summary>The <c>Isac:Node:Taxii</c> settings that switch the node's TAXII server on (added to <see cref="Node"/>'s).</summary>
    /// <param name="home">The home folder.</param>
    /// <param name="memberId">The member whose node this is (its TAXII certificate, key passphrase = the node's).</param>
    /// <param name="users">The local users (from <see cref="RequireTaxiiFilesAsync"/>).</param>
    /// <param name="listen">The HTTPS address and port (0: a free port).</param>
    /// <param name="outbox">Where objects POSTed to the outbox are published.</param>
    public static Dictionary<string, string?> Taxii(IsacHome home, string memberId, IReadOnlyList<TaxiiUserEntry> users, IPEndPoint listen, TaxiiOutboxSettings outbox)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(outbox);
        const string Section = "Isac:Node:Taxii:";
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [Section + "Enabled"] = "true",
            [Section + "ListenAddress"] = listen.Address.ToString(),
            [Section + "Port"] = listen.Port.ToString(CultureInfo.InvariantCulture),
            [Section + "CertificatePath"] = home.TaxiiCertificatePath(memberId),
            [Section + "KeyPath"] = home.TaxiiKeyPath(memberId),
            [Section + "Outbox:Label"] = outbox.Label,
        };
        AddList(settings, Section + "Outbox:Communities", outbox.Communities);
        AddList(settings, Section + "Outbox:Members", outbox.Members);
        for (var i = 0; i < users.Count; i++)
        {
            var user = users[i];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{Section}Users:{i}:");
            settings[prefix + "Name"] = user.Name;
            settings[prefix + "PasswordHash"] = user.PasswordHash;
            settings[prefix + "TokenSha256"] = user.TokenSha256;
            settings[prefix + "WriteOutbox"] = user.WriteOutbox ? "true" : "false";
            AddList(settings, prefix + "Read", user.Read);
        }

        return settings;
    }

    private static void AddList(Dictionary<string, string?> settings, string key, IEnumerable<string> values)
    {
        var index = 0;
        foreach (var value in values)
        {
            settings[string.Create(CultureInfo.InvariantCulture, $"{key}:{index++}")] = value;
        }
    }
}
