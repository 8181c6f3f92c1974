namespace Isac.Node.Configuration;

/// <summary>The node's settings, section <c>Isac:Node</c>; validated at start-up by <see cref="NodeOptionsValidator"/>.</summary>
internal sealed class NodeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Isac:Node";

    /// <summary>The default port of the local API.</summary>
    public const int DefaultPort = 7601;

    /// <summary>This member's id.</summary>
    public string? MemberId { get; set; }

    /// <summary>The node's data directory (the SQLite store lives here).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The broker's address, e.g. <c>https://127.0.0.1:7443</c>.</summary>
    public string? BrokerAddress { get; set; }

    /// <summary>
    /// The identity service's issuer URI, e.g. <c>https://127.0.0.1:7444/</c>: the node gets its access tokens for the
    /// broker there (client credentials over mTLS with its client certificate). Required: the broker refuses calls
    /// without a token.
    /// </summary>
    public string? IdentityUri { get; set; }

    /// <summary>The hub CA certificate (PEM): the only trust anchor for the broker's and the identity service's server certificates.</summary>
    public string? HubCaCertificatePath { get; set; }

    /// <summary>The member's mTLS client certificate (PEM).</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The client certificate's encrypted PKCS#8 key (PEM).</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>The member's Ed25519 signing key (encrypted PKCS#8 PEM).</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>The member's X25519 encryption key (encrypted PKCS#8 PEM).</summary>
    public string? EncryptionKeyPath { get; set; }

    /// <summary>
    /// Optional: a folder of previous encryption keys (encrypted PKCS#8 PEM files named <c>*.key.pem</c>, same
    /// passphrase), kept after a key rotation so mail sealed to them before the new card reached every publisher
    /// still opens. <c>isac keys rotate</c> moves the replaced key there. A missing folder means no retired keys.
    /// </summary>
    public string? RetiredEncryptionKeyDirectory { get; set; }

    /// <summary>The passphrase of the three key files (from the environment or in-memory configuration, never the command line).</summary>
    public string? KeyPassphrase { get; set; }

    /// <summary>A file holding the passphrase, used when <see cref="KeyPassphrase"/> is not set.</summary>
    public string? KeyPassphraseFile { get; set; }

    /// <summary>The pinned governance root public key, 64 hex characters.</summary>
    public string? GovernanceRootPublicKey { get; set; }

    /// <summary>The local API's address; loopback only.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The local API's port; 0 picks a free port.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Optional default exercise id for publishes that name none.</summary>
    public string? ExerciseId { get; set; }

    /// <summary>
    /// An outbox item sealed longer ago than this is sealed again under a new id before it is sent: the broker
    /// refuses bundles created more than its max age (15 min) ago. Default 14 min, a minute of margin.
    /// </summary>
    public TimeSpan ResealAfter { get; set; } = TimeSpan.FromMinutes(14);

    /// <summary>
    /// How long a fetched directory snapshot is used before the node asks the broker again (when it next seals).
    /// Default 5 s, so a revocation or key rotation reaches the node's next bundle within seconds (issue 5).
    /// </summary>
    public TimeSpan DirectoryRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The broker's directory-version grace (its <c>Isac:Directory:VersionGrace</c>, 10 min): how long after a
    /// snapshot carrying this member's new encryption key the broker still takes bundles sealed to the old one.
    /// </summary>
    public TimeSpan BrokerVersionGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The broker's maximum bundle age plus clock skew (<c>Isac:Publish:MaxAge</c> + <c>MaxSkew</c>, 17 min).</summary>
    public TimeSpan BrokerMaxBundleAge { get; set; } = TimeSpan.FromMinutes(17);

    /// <summary>How often the node checks whether a retired encryption key is drained and can be destroyed.</summary>
    public TimeSpan RetiredKeyCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The full name of a setting, for messages.</summary>
    internal static string Setting(string propertyName) => $"{SectionName}:{propertyName}";
}
