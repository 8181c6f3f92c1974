using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Isac.Broker.Configuration;
using Isac.Broker.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Security;

/// <summary>
/// The broker's only endpoint: HTTPS, HTTP/2, a client certificate required and validated against the hub CA
/// alone in the handshake (the platform's verdict, built on the system roots, is ignored).
/// </summary>
internal sealed class KestrelMutualTlsSetup(
    IOptions<BrokerOptions> options,
    BrokerCertificates certificates,
    BrokerMetrics metrics,
    ILogger<KestrelMutualTlsSetup> logger) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var settings = options.Value;
        kestrel.AddServerHeader = false;
        kestrel.Listen(IPAddress.Parse(settings.ListenAddress), settings.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificates.ServerCertificate;
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                // The dev hub CA publishes no CRL/OCSP; revoked members are cut off through the signed directory.
                https.CheckCertificateRevocation = false;
                https.ClientCertificateValidation = ValidateClientCertificate;
            });
        });
    }

    private bool ValidateClientCertificate(X509Certificate2 certificate, X509Chain? platformChain, SslPolicyErrors platformErrors)
    {
        // The trust decision is the hub CA's alone. The member id is checked by certificate authentication,
        // which turns its absence into a gRPC status the caller can read instead of a bare handshake failure.
        var decision = certificates.Trust.ValidateClientCertificateChain(certificate);
        if (decision.IsAccepted)
        {
            return true;
        }

        metrics.Refused(RefusalReasons.ClientCertificateUntrusted);
        using (logger.BeginRefusalScope(RefusalReasons.ClientCertificateUntrusted))
        {
            logger.TlsClientCertificateRefused(decision.Reason, certificate.Subject);
        }

        return false;
    }
}
