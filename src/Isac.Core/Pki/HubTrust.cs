using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Isac.Core.Pki;

/// <summary>
/// Certificate validation against the hub CA alone: custom root trust, never the system roots, no
/// intermediates (the CA has path length 0). Revocation is not checked: the dev CA publishes no CRL or
/// OCSP responder; members are revoked through the signed directory's revocation list, which the broker
/// and nodes enforce, and certificates are short-lived.
/// </summary>
public sealed class HubTrust
{
    private readonly TimeProvider _time;

    /// <summary>Trusts <paramref name="hubCa"/> (a CA certificate; its private key is not needed).</summary>
    /// <exception cref="ArgumentException"><paramref name="hubCa"/> cannot serve as the hub CA.</exception>
    public HubTrust(X509Certificate2 hubCa, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(hubCa);
        var problem = HubCertificateAuthority.DescribeCaProblem(hubCa);
        if (problem is not null)
        {
            throw new ArgumentException($"Not a usable hub CA certificate: {problem}.", nameof(hubCa));
        }

        HubCa = hubCa;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The trusted CA certificate.</summary>
    public X509Certificate2 HubCa { get; }

    /// <summary>Loads the hub CA certificate from a PEM (or DER) file.</summary>
    public static HubTrust FromFile(string hubCaCertificatePath, TimeProvider? time = null) =>
        new(X509CertificateLoader.LoadCertificateFromFile(hubCaCertificatePath), time);

    /// <summary>
    /// A chain policy that trusts the hub CA only and requires <paramref name="extendedKeyUsageOid"/>
    /// (for example for <c>SslClientAuthenticationOptions.CertificateChainPolicy</c>).
    /// </summary>
    public X509ChainPolicy CreateChainPolicy(string extendedKeyUsageOid)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        if (!ReferenceEquals(_time, TimeProvider.System))
        {
            // Otherwise leave VerificationTimeIgnored on, so that a long-lived policy (a channel's) checks validity
            // at each handshake rather than at the moment the policy was made.
            policy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        }

        policy.CustomTrustStore.Add(HubCa);
        policy.ApplicationPolicy.Add(new Oid(extendedKeyUsageOid));
        return policy;
    }

    /// <summary>A chain policy for checking the broker's server certificate (EKU serverAuth).</summary>
    public X509ChainPolicy CreateServerChainPolicy() => CreateChainPolicy(PkiDefaults.ServerAuthOid);

    /// <summary>
    /// Accepts a member's client certificate if it was issued by the hub CA, is valid now, allows clientAuth
    /// and names exactly one well-formed member id; the decision carries the member id.
    /// </summary>
    public CertificateDecision ValidateClientCertificate(X509Certificate2 certificate)
    {
        var chain = ValidateClientCertificateChain(certificate);
        if (!chain.IsAccepted)
        {
            return chain;
        }

        var memberId = MemberCertificates.GetMemberId(certificate);
        return memberId is null
            ? CertificateDecision.Refused($"the certificate has no SAN URI {MemberCertificates.MemberUriPrefix}<member-id>")
            : CertificateDecision.Accepted(memberId);
    }

    /// <summary>
    /// Accepts a client certificate issued by the hub CA, valid now, allowing clientAuth, without looking for a
    /// member id (for the TLS handshake, when a later layer turns a missing member id into a readable error).
    /// </summary>
    public CertificateDecision ValidateClientCertificateChain(X509Certificate2 certificate) =>
        ValidateChain(certificate, PkiDefaults.ClientAuthOid);

    /// <summary>Accepts a server certificate issued by the hub CA, valid now, allowing serverAuth.</summary>
    public CertificateDecision ValidateServerCertificate(X509Certificate2 certificate) =>
        ValidateChain(certificate, PkiDefaults.ServerAuthOid);

    /// <summary>Checks the chain to the hub CA and the extended key usage only (not the member id).</summary>
    public CertificateDecision ValidateChain(X509Certificate2 certificate, string extendedKeyUsageOid)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain { ChainPolicy = CreateChainPolicy(extendedKeyUsageOid) };
        bool built;
        try
        {
            built = chain.Build(certificate);
        }
        catch (CryptographicException ex)
        {
            return CertificateDecision.Refused($"the certificate chain cannot be built: {ex.Message}");
        }

        if (!built)
        {
            var statuses = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
            return CertificateDecision.Refused($"the certificate does not chain to the hub CA ({string.Join(", ", statuses)})");
        }

        // The CA itself would "chain" to itself; only certificates it issued are acceptable end entities.
        if (chain.ChainElements.Count != 2 || !chain.ChainElements[1].Certificate.RawData.AsSpan().SequenceEqual(HubCa.RawData))
        {
            return CertificateDecision.Refused("the certificate is not an end-entity certificate issued by the hub CA");
        }

        return CertificateDecision.Accepted();
    }
}
