using System.Globalization;

namespace Isac.Identity.Configuration;

/// <summary>
/// The identity service's settings, bound from the configuration section <c>Isac:Identity</c> (environment
/// variables <c>Isac__Identity__...</c>). The certificate, roster and key settings have no defaults: without
/// them the service does not start (security is never switched off).
/// </summary>
public sealed class IdentityOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Isac:Identity";

    /// <summary>The longest access-token lifetime accepted: tokens are short-lived by design.</summary>
    public static readonly TimeSpan MaxAccessTokenLifetime = TimeSpan.FromHours(1);

    /// <summary>IP address to listen on (HTTPS). Default <c>127.0.0.1</c>.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port to listen on; 0 picks a free port. Default 7444.</summary>
    public int Port { get; set; } = 7444;

    /// <summary>
    /// The issuer: the absolute HTTPS URI under which the service is reached (for example
    /// <c>https://identity.isac.example:7444/</c>). It is written into every token and checked by the broker, so it
    /// is static rather than taken from each request. Required.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>The audience written into every access token: the resource server (the broker). Default <c>isac-broker</c>.</summary>
    public string Audience { get; set; } = "isac-broker";

    /// <summary>How long an access token is valid. Default 5 minutes, at most <see cref="MaxAccessTokenLifetime"/>.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The hub CA certificate (PEM or DER): the only trust anchor for client certificates. Required.</summary>
    public string? HubCaCertificatePath { get; set; }

    /// <summary>The service's TLS server certificate (PEM), issued by the hub CA with EKU serverAuth. Required.</summary>
    public string? ServerCertificatePath { get; set; }

    /// <summary>The server certificate's private key (encrypted PKCS#8 PEM). Required.</summary>
    public string? ServerKeyPath { get; set; }

    /// <summary>The passphrase of <see cref="ServerKeyPath"/> (from the environment or a secret store). Required.</summary>
    public string? ServerKeyPassphrase { get; set; }

    /// <summary>The pinned governance root: its Ed25519 public key as 64 hex characters. Required.</summary>
    public string? GovernanceRootPublicKey { get; set; }

    /// <summary>
    /// The roster file (a binary <c>isac.v1.DirectoryRoster</c>): every active member whose card the root signed is a
    /// client; re-read when it changes. Required.
    /// </summary>
    public string? RosterPath { get; set; }

    /// <summary>
    /// The token signing key (ECDSA P-256, encrypted PKCS#8 PEM). Created on first start if the file does not
    /// exist, then reused, so tokens outlive a restart. Required.
    /// </summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>The passphrase of <see cref="SigningKeyPath"/> (from the environment or a secret store). Required.</summary>
    public string? SigningKeyPassphrase { get; set; }

    /// <summary>Members that may request the <c>isac.admin</c> scope (every active member gets publish and subscribe).</summary>
    public IList<string> AdminMembers { get; } = [];

    /// <summary>
    /// These settings as configuration keys and values (<c>Isac:Identity:...</c>), for hosts that start the service
    /// in-process from typed settings (the CLI, the load generator, the tests) rather than spelling each key.
    /// </summary>
    public Dictionary<string, string?> ToConfiguration()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [Setting(nameof(ListenAddress))] = ListenAddress,
            [Setting(nameof(Port))] = Port.ToString(CultureInfo.InvariantCulture),
            [Setting(nameof(Issuer))] = Issuer,
            [Setting(nameof(Audience))] = Audience,
            [Setting(nameof(AccessTokenLifetime))] = AccessTokenLifetime.ToString("c", CultureInfo.InvariantCulture),
            [Setting(nameof(HubCaCertificatePath))] = HubCaCertificatePath,
            [Setting(nameof(ServerCertificatePath))] = ServerCertificatePath,
            [Setting(nameof(ServerKeyPath))] = ServerKeyPath,
            [Setting(nameof(ServerKeyPassphrase))] = ServerKeyPassphrase,
            [Setting(nameof(GovernanceRootPublicKey))] = GovernanceRootPublicKey,
            [Setting(nameof(RosterPath))] = RosterPath,
            [Setting(nameof(SigningKeyPath))] = SigningKeyPath,
            [Setting(nameof(SigningKeyPassphrase))] = SigningKeyPassphrase,
        };
        for (var i = 0; i < AdminMembers.Count; i++)
        {
            settings[$"{Setting(nameof(AdminMembers))}:{i}"] = AdminMembers[i];
        }

        return settings;
    }

    /// <summary>The full configuration key of one of these settings, for error messages.</summary>
    internal static string Setting(string propertyName) => $"{SectionName}:{propertyName}";
}
