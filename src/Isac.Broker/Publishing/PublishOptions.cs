namespace Isac.Broker.Publishing;

/// <summary>Publish pipeline settings (configuration section <c>Isac:Publish</c>), defaults from docs/wire.md.</summary>
public sealed class PublishOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Isac:Publish";

    /// <summary>Oldest accepted <c>created_at</c>: now minus this (15 min).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Newest accepted <c>created_at</c>: now plus this (2 min).</summary>
    public TimeSpan MaxSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The broker's receipt and audit-checkpoint signing key (encrypted PKCS#8 PEM).</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>
    /// The governance root's certificate of <see cref="SigningKeyPath"/> (a binary <c>isac.v1.SignedBrokerKeyCertificate</c>,
    /// written by <c>isac governance init</c> / <c>certify-broker-key</c>). The broker publishes it in every directory
    /// snapshot, so nodes can verify receipts.
    /// </summary>
    public string? SigningKeyCertificatePath { get; set; }

    /// <summary>The passphrase of <see cref="SigningKeyPath"/> (from the environment: <c>Isac__Publish__SigningKeyPassphrase</c>).</summary>
    public string? SigningKeyPassphrase { get; set; }

    /// <summary>How often the sweeper looks for fan-outs left pending by a crash.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A publish pending for longer than this is finished by the sweeper.</summary>
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the broker signs its audit-chain head (when it moved); it also signs it when it stops.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);
}
