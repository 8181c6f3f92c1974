namespace Isac.Broker.Configuration;

/// <summary>
/// The broker's settings, bound from the configuration section <c>Isac:Broker</c> (for example environment
/// variables <c>Isac__Broker__HubCaCertificatePath</c>). Defaults live here; the certificate settings have
/// none and are required: without them the broker does not start (security is never switched off).
/// </summary>
public sealed class BrokerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Isac:Broker";

    /// <summary>IP address to listen on (HTTPS, HTTP/2 only). Default <c>127.0.0.1</c>.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port to listen on; 0 picks a free port (tests). Default 7443.</summary>
    public int Port { get; set; } = 7443;

    /// <summary>This broker instance's id (audit positions name it), <c>[a-z0-9][a-z0-9.:-]{0,63}</c>. Default <c>broker-1</c>.</summary>
    public string BrokerId { get; set; } = "broker-1";

    /// <summary>
    /// Path of the hub CA certificate (PEM or DER): the ONLY trust anchor for client certificates. Required.
    /// </summary>
    public string? HubCaCertificatePath { get; set; }

    /// <summary>Path of the broker's server certificate (PEM), issued by the hub CA with EKU serverAuth. Required.</summary>
    public string? ServerCertificatePath { get; set; }

    /// <summary>Path of the server certificate's private key (encrypted PKCS#8 PEM). Required.</summary>
    public string? ServerKeyPath { get; set; }

    /// <summary>Passphrase of <see cref="ServerKeyPath"/>; supply it from a secret store or the environment. Required.</summary>
    public string? ServerKeyPassphrase { get; set; }

    /// <summary>The full configuration key of one of these settings, for error messages.</summary>
    internal static string Setting(string propertyName) => $"{SectionName}:{propertyName}";
}
