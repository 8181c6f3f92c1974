namespace Isac.Broker.Membership;

/// <summary>
/// The broker's view of the trust chain (configuration section <c>Isac:Directory</c>). The broker holds the
/// online directory key (certified by the governance root for a day or less) and turns the roster of
/// root-signed member cards into signed, versioned, expiring directory snapshots.
/// </summary>
public sealed class DirectoryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Isac:Directory";

    /// <summary>The pinned governance root: its Ed25519 public key as 64 hex characters.</summary>
    public string? GovernanceRootPublicKey { get; set; }

    /// <summary>The roster file (a binary <c>isac.v1.DirectoryRoster</c>: root-signed cards and revocations). Re-read when it changes.</summary>
    public string? RosterPath { get; set; }

    /// <summary>The directory signing key (encrypted PKCS#8 PEM).</summary>
    public string? DirectoryKeyPath { get; set; }

    /// <summary>The passphrase of <see cref="DirectoryKeyPath"/> (set it from the environment: <c>Isac__Directory__DirectoryKeyPassphrase</c>).</summary>
    public string? DirectoryKeyPassphrase { get; set; }

    /// <summary>The directory key's certificate (a binary <c>isac.v1.SignedDirectoryKeyCertificate</c>, signed by the root).</summary>
    public string? DirectoryKeyCertificatePath { get; set; }

    /// <summary>How long a snapshot is valid (DESIGN.md: 6 h).</summary>
    public TimeSpan SnapshotLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A snapshot is re-issued when less than this is left of it.</summary>
    public TimeSpan ReissueBefore { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a superseded directory version is still accepted in a header (DESIGN.md: 10 min).</summary>
    public TimeSpan VersionGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the broker re-reads the roster and the stored snapshot.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    internal static string Setting(string propertyName) => $"{SectionName}:{propertyName}";
}
