namespace Isac.Broker.Tokens;

/// <summary>
/// How the broker checks access tokens (configuration section <c>Isac:Tokens</c>): which identity service issued
/// them, for which audience, and the hub CA that the identity service's TLS certificate must chain to.
/// </summary>
public sealed class TokenValidationOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Isac:Tokens";

    /// <summary>
    /// The identity service's issuer URI (absolute https), exactly as it writes it into tokens. Its signing keys
    /// are read from its discovery document under this URI. Required.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>The audience a token must name: this resource server. Default <c>isac-broker</c>.</summary>
    public string Audience { get; set; } = "isac-broker";

    /// <summary>
    /// The hub CA certificate the identity service's TLS certificate must chain to (never the system roots).
    /// Defaults to <c>Isac:Broker:HubCaCertificatePath</c>.
    /// </summary>
    public string? HubCaCertificatePath { get; set; }

    internal static string Setting(string propertyName) => $"{SectionName}:{propertyName}";
}
