using System.Security.Cryptography.X509Certificates;
using Isac.Broker.Configuration;
using Isac.Core.Pki;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Security;

/// <summary>
/// The hub CA (trust anchor) and the broker's server certificate with its key, loaded once from the
/// validated <see cref="BrokerOptions"/> when Kestrel starts.
/// </summary>
internal sealed class BrokerCertificates : IDisposable
{
    public BrokerCertificates(IOptions<BrokerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value; // throws OptionsValidationException, naming the settings, if they are invalid
        HubCa = X509CertificateLoader.LoadCertificateFromFile(settings.HubCaCertificatePath!);
        Trust = new HubTrust(HubCa, time);
        ServerCertificate = PemFiles.ReadServerCertificate(
            settings.ServerCertificatePath!,
            settings.ServerKeyPath!,
            settings.ServerKeyPassphrase,
            $"{BrokerOptions.Setting(nameof(BrokerOptions.ServerKeyPath))} / {BrokerOptions.Setting(nameof(BrokerOptions.ServerKeyPassphrase))}");
    }

    /// <summary>The hub CA certificate: the only trust anchor for client certificates.</summary>
    public X509Certificate2 HubCa { get; }

    /// <summary>Validation against <see cref="HubCa"/> alone.</summary>
    public HubTrust Trust { get; }

    /// <summary>The broker's TLS server certificate, with its private key.</summary>
    public X509Certificate2 ServerCertificate { get; }

    public void Dispose()
    {
        ServerCertificate.Dispose();
        HubCa.Dispose();
    }
}
