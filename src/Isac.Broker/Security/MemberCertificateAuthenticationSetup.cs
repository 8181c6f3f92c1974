using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Security;

/// <summary>
/// Certificate authentication with the hub CA as the only root (custom root trust, never the system store),
/// chained certificates only (no self-signed), clientAuth usage and validity checked, revocation not checked
/// (the dev CA publishes no CRL/OCSP; members are revoked through the signed directory).
/// </summary>
internal sealed class MemberCertificateAuthenticationSetup(BrokerCertificates certificates)
    : IConfigureNamedOptions<CertificateAuthenticationOptions>
{
    public void Configure(string? name, CertificateAuthenticationOptions options)
    {
        if (name == CertificateAuthenticationDefaults.AuthenticationScheme)
        {
            Configure(options);
        }
    }

    public void Configure(CertificateAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AllowedCertificateTypes = CertificateTypes.Chained;
        options.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
        options.CustomTrustStore.Clear();
        options.CustomTrustStore.Add(certificates.HubCa);
        options.AdditionalChainCertificates.Clear();
        options.RevocationMode = X509RevocationMode.NoCheck;
        options.ValidateCertificateUse = true;
        options.ValidateValidityPeriod = true;
        options.EventsType = typeof(MemberCertificateEvents);
    }
}
