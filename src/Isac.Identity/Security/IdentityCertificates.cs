using System.Security.Cryptography.X509Certificates;
using Isac.Core.Pki;
using Isac.Identity.Configuration;
using Microsoft.Extensions.Options;

namespace Isac.Identity.Security;

/// <summary>The hub CA (the only trust anchor for client certificates) and the service's TLS certificate with its key.</summary>
internal sealed class IdentityCertificates : IDisposable
{
    public IdentityCertificates(IOptions<IdentityOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value; // throws OptionsValidationException, naming the settings, if they are invalid
        Trust = HubTrust.FromFile(settings.HubCaCertificatePath!, time);
        ServerCertificate = PemFiles.ReadServerCertificate(
            settings.ServerCertificatePath!,
            settings.ServerKeyPath!,
            settings.ServerKeyPassphrase,
            $"{IdentityOptions.Setting(nameof(IdentityOptions.ServerKeyPath))} / {IdentityOptions.Setting(nameof(IdentityOptions.ServerKeyPassphrase))}");
    }

    /// <summary>Validation against the hub CA alone.</summary>
    public HubTrust Trust { get; }

    /// <summary>The service's TLS server certificate, with its private key.</summary>
    public X509Certificate2 ServerCertificate { get; }

    public void Dispose()
    {
        ServerCertificate.Dispose();
        Trust.HubCa.Dispose();
    }
}
