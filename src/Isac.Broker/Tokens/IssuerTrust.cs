using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Isac.Core.Pki;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Tokens;

/// <summary>
/// Trust for the connection to the identity service (discovery and signing keys): its TLS certificate must
/// chain to the hub CA and match the host name; the system roots are never trusted.
/// </summary>
internal sealed class IssuerTrust : IDisposable
{
    private readonly HubTrust _trust;

    public IssuerTrust(IOptions<TokenValidationOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _trust = HubTrust.FromFile(options.Value.HubCaCertificatePath!, time);
    }

    /// <summary>A <c>ServerCertificateCustomValidationCallback</c> that trusts the hub CA alone.</summary>
    public bool ValidateServerCertificate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null
        // The platform's chain verdict is built on the system roots: ignore it; keep its host-name check.
        && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
        && _trust.ValidateServerCertificate(certificate).IsAccepted;

    public void Dispose() => _trust.HubCa.Dispose();
}
