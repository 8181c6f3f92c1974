using Isac.Core.Wire;

namespace Isac.Node.Configuration;

/// <summary>
/// The node's TAXII 2.1 server for the member's own tools, section <c>Isac:Node:Taxii</c>; validated at start-up
/// by <c>TaxiiOptionsValidator</c>. Off unless <see cref="Enabled"/>; when on, it needs a server certificate and
/// at least one local user (there is no anonymous access).
/// </summary>
internal sealed class TaxiiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Isac:Node:Taxii";

    /// <summary>The default HTTPS port.</summary>
    public const int DefaultPort = 7602;

    /// <summary>Serve TAXII 2.1.</summary>
    public bool Enabled { get; set; }

    /// <summary>The listening address (HTTPS only); loopback by default.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The HTTPS port; 0 picks a free port.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The server certificate (PEM), e.g. issued by the hub CA.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The server certificate's encrypted PKCS#8 key (PEM).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The key's passphrase; when unset, the node's <c>Isac:Node:KeyPassphrase</c> is used.</summary>
    public string? KeyPassphrase { get; set; }

    /// <summary>The largest POST body accepted, in bytes (refused with 413 above it).</summary>
    public int MaxContentLength { get; set; } = WireLimits.MaxPayloadBytes;

    /// <summary>Objects per page when the client gives no <c>limit</c>.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The largest page the server returns, whatever <c>limit</c> asks for.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Where objects POSTed to the <c>outbox</c> collection are published.</summary>
    public TaxiiOutboxOptions Outbox { get; set; } = new();

    /// <summary>The local users and their permissions.</summary>
    public List<TaxiiUserOptions> Users { get; set; } = [];

    /// <summary>The full name of a setting, for messages.</summary>
    internal static string Setting(string propertyName) => $"{SectionName}:{propertyName}";
}
