using System.Net;
using System.Security.Authentication;
using Isac.Identity.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Isac.Identity.Security;

/// <summary>
/// The service's only endpoint: HTTPS (HTTP/1.1 and HTTP/2) that asks every client for a certificate. The
/// handshake accepts any certificate, or none: discovery and the key set are public, and the token endpoint
/// checks the certificate against the hub CA itself (<see cref="Server.ValidateMemberClientHandler"/>), so a
/// refused client learns why (<c>invalid_client</c> with a description) instead of seeing a dropped connection.
/// </summary>
internal sealed class KestrelTlsSetup(IOptions<IdentityOptions> options, IdentityCertificates certificates) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var settings = options.Value;
        kestrel.AddServerHeader = false;
        kestrel.Listen(IPAddress.Parse(settings.ListenAddress), settings.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificates.ServerCertificate;
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.CheckCertificateRevocation = false;
                https.ClientCertificateValidation = static (_, _, _) => true;
            });
        });
    }
}
