using System.Net;
using System.Security.Cryptography.X509Certificates;
using Isac.Core.Keys;
using Isac.Node.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Isac.Node.Taxii;

/// <summary>When TAXII is enabled, adds its HTTPS listener (HTTP/1.1 and HTTP/2) on its own address and port.</summary>
internal sealed class TaxiiKestrelSetup(IOptions<TaxiiOptions> taxii, IOptions<NodeOptions> node) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var settings = taxii.Value; // throws OptionsValidationException naming the settings
        if (!settings.Enabled)
        {
            return;
        }

        var passphrase = !string.IsNullOrEmpty(settings.KeyPassphrase) ? settings.KeyPassphrase
            : !string.IsNullOrEmpty(node.Value.KeyPassphrase) ? node.Value.KeyPassphrase
            : Passphrases.Resolve("Isac__Node__KeyPassphrase", node.Value.KeyPassphraseFile);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromEncryptedPemFile(settings.CertificatePath!, passphrase, settings.KeyPath);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"{TaxiiOptions.Setting(nameof(TaxiiOptions.CertificatePath))} / {TaxiiOptions.Setting(nameof(TaxiiOptions.KeyPath))}: cannot load the TAXII server certificate and key ({ex.Message}); check {TaxiiOptions.Setting(nameof(TaxiiOptions.KeyPassphrase))}.",
                ex);
        }

        kestrel.Listen(IPAddress.Parse(settings.ListenAddress), settings.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        });
    }
}
