using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Isac.Core.Pki;

/// <summary>
/// The hub CA: the only trust anchor for mTLS between nodes and the broker. Issues the broker's server
/// certificate and members' client certificates (ECDSA P-256, SHA-256). Stored as a PEM certificate beside
/// its private key in encrypted PKCS#8 PEM (AES-256-CBC, PBKDF2-HMAC-SHA256, 600,000 iterations).
/// </summary>
public sealed class HubCertificateAuthority : IDisposable
{
    private readonly TimeProvider _time;

    private HubCertificateAuthority(X509Certificate2 certificate, TimeProvider time)
    {
        Certificate = certificate;
        _time = time;
    }

    /// <summary>
    /// The CA certificate, WITH its private key: it can issue certificates. Hand out
    /// <see cref="ExportCertificatePem"/> or <see cref="CreateTrust"/> instead.
    /// </summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Creates a new self-signed CA: basic constraints CA with path length 0 (it issues only end-entity
    /// certificates), key usage keyCertSign and cRLSign, valid for <paramref name="validity"/> (default one year).
    /// </summary>
    public static HubCertificateAuthority Create(string commonName = "ISAC dev hub CA", TimeSpan? validity = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        time ??= TimeProvider.System;
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("ISAC");
        subject.AddCommonName(commonName);

        using var key = PkiDefaults.NewKey();
        var request = new CertificateRequest(subject.Build(), key, PkiDefaults.Hash);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var now = time.GetUtcNow();
        var certificate = request.CreateSelfSigned(now - PkiDefaults.BackdateBy, now + (validity ?? PkiDefaults.CaValidity));
        return new HubCertificateAuthority(certificate, time);
    }

    /// <summary>Wraps an existing CA certificate that carries its ECDSA private key.</summary>
    /// <exception cref="CryptographicException">The certificate is not a usable CA certificate.</exception>
    public static HubCertificateAuthority FromCertificate(X509Certificate2 certificateWithKey, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(certificateWithKey);
        var problem = DescribeCaProblem(certificateWithKey);
        if (problem is not null)
        {
            throw new CryptographicException($"Not a usable hub CA certificate: {problem}.");
        }

        if (!certificateWithKey.HasPrivateKey || certificateWithKey.GetECDsaPrivateKey() is null)
        {
            throw new CryptographicException("Not a usable hub CA certificate: it carries no ECDSA private key.");
        }

        return new HubCertificateAuthority(certificateWithKey, time ?? TimeProvider.System);
    }

    /// <summary>Loads a CA saved by <see cref="SaveAsync"/>.</summary>
    /// <exception cref="CryptographicException">Wrong passphrase, mismatched key, or not a CA certificate.</exception>
    public static async Task<HubCertificateAuthority> LoadAsync(
        string certificatePath, string keyPath, string passphrase, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var certificatePem = await File.ReadAllTextAsync(certificatePath, cancellationToken).ConfigureAwait(false);
        var keyPem = await File.ReadAllTextAsync(keyPath, cancellationToken).ConfigureAwait(false);
        return FromCertificate(X509Certificate2.CreateFromEncryptedPem(certificatePem, keyPem, passphrase), time);
    }

    /// <summary>
    /// Says why <paramref name="certificate"/> cannot serve as the hub CA (trust anchor), or null if it can.
    /// Checks the certificate only, not a private key.
    /// </summary>
    public static string? DescribeCaProblem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().SingleOrDefault();
        if (constraints is null || !constraints.CertificateAuthority)
        {
            return "it is not a CA certificate (basic constraints)";
        }

        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().SingleOrDefault();
        if (usage is null || !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            return "its key usage does not allow signing certificates";
        }

        return certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? null : "it is not self-signed";
    }

    /// <summary>
    /// Writes the certificate (PEM) and its private key (encrypted PKCS#8 PEM) under <paramref name="passphrase"/>.
    /// The key file is created readable by its owner only (on Unix).
    /// </summary>
    public Task SaveAsync(string certificatePath, string keyPath, string passphrase, CancellationToken cancellationToken = default) =>
        PemFiles.WriteCertificateAndKeyAsync(Certificate, certificatePath, keyPath, passphrase, cancellationToken);

    /// <summary>The CA certificate (no key) as PEM, for the trust stores of nodes and the broker.</summary>
    public string ExportCertificatePem() => Certificate.ExportCertificatePem();

    /// <summary>A validator that trusts this CA only.</summary>
    public HubTrust CreateTrust() => new(X509CertificateLoader.LoadCertificate(Certificate.RawData), _time);

    /// <summary>
    /// Issues a server certificate (EKU serverAuth) with a fresh key. Its SAN always holds DNS <c>localhost</c>
    /// and IP 127.0.0.1 and ::1 (this is a development CA), plus <paramref name="dnsNames"/> and
    /// <paramref name="ipAddresses"/>.
    /// </summary>
    public X509Certificate2 IssueServerCertificate(
        string commonName, IEnumerable<string>? dnsNames = null, IEnumerable<IPAddress>? ipAddresses = null, TimeSpan? validity = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        var san = new SubjectAlternativeNameBuilder();
        var dns = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost" };
        foreach (var name in dnsNames ?? [])
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(dnsNames));
            dns.Add(name);
        }

        foreach (var name in dns)
        {
            san.AddDnsName(name);
        }

        var ips = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        ips.UnionWith(ipAddresses ?? []);
        foreach (var ip in ips)
        {
            san.AddIpAddress(ip);
        }

        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("ISAC");
        subject.AddCommonName(commonName);

        using var key = PkiDefaults.NewKey();
        var request = new CertificateRequest(subject.Build(), key, PkiDefaults.Hash);
        return Sign(request, PkiDefaults.ServerAuthOid, san, validity).CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Issues a member's client certificate (EKU clientAuth) with a fresh key: subject CN and SAN URI
    /// <c>urn:isac:member:&lt;member-id&gt;</c> name the member.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="memberId"/> is not a valid member id.</exception>
    public X509Certificate2 IssueMemberCertificate(string memberId, TimeSpan? validity = null)
    {
        MemberCertificates.ThrowIfInvalidMemberId(memberId);
        using var key = PkiDefaults.NewKey();
        var request = new CertificateRequest(MemberSubject(memberId), key, PkiDefaults.Hash);
        return Sign(request, PkiDefaults.ClientAuthOid, MemberSan(memberId), validity).CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Issues a member's client certificate for the key of a PKCS#10 signing request (DER), for enrollment:
    /// the request's signature must verify (proof of possession) and its key must be ECDSA P-256. The identity
    /// comes from <paramref name="memberId"/> (what the hub approved) only: the subject and extensions the
    /// request asks for are ignored. The result carries no private key; the requester holds it.
    /// </summary>
    /// <exception cref="CryptographicException">The request is malformed, its signature fails, or its key is not P-256.</exception>
    public X509Certificate2 IssueMemberCertificateFromCsr(string memberId, ReadOnlySpan<byte> pkcs10, TimeSpan? validity = null)
    {
        MemberCertificates.ThrowIfInvalidMemberId(memberId);
        var signingRequest = CertificateRequest.LoadSigningRequest(
            pkcs10, PkiDefaults.Hash, out var consumed, CertificateRequestLoadOptions.Default);
        if (consumed != pkcs10.Length)
        {
            throw new CryptographicException("The certificate signing request has trailing data.");
        }

        return IssueForRequestedKey(memberId, signingRequest, validity);
    }

    /// <summary>As <see cref="IssueMemberCertificateFromCsr"/>, for a PEM <c>CERTIFICATE REQUEST</c>.</summary>
    public X509Certificate2 IssueMemberCertificateFromCsrPem(string memberId, string pkcs10Pem, TimeSpan? validity = null)
    {
        MemberCertificates.ThrowIfInvalidMemberId(memberId);
        ArgumentNullException.ThrowIfNull(pkcs10Pem);
        var signingRequest = CertificateRequest.LoadSigningRequestPem(pkcs10Pem, PkiDefaults.Hash, CertificateRequestLoadOptions.Default);
        return IssueForRequestedKey(memberId, signingRequest, validity);
    }

    /// <inheritdoc />
    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 IssueForRequestedKey(string memberId, CertificateRequest signingRequest, TimeSpan? validity)
    {
        using (var requestedKey = signingRequest.PublicKey.GetECDsaPublicKey())
        {
            if (requestedKey is null || requestedKey.KeySize != 256 || requestedKey.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new CryptographicException("The certificate signing request's key must be ECDSA P-256.");
            }
        }

        var request = new CertificateRequest(MemberSubject(memberId), signingRequest.PublicKey, PkiDefaults.Hash);
        return Sign(request, PkiDefaults.ClientAuthOid, MemberSan(memberId), validity);
    }

    private X509Certificate2 Sign(CertificateRequest request, string extendedKeyUsage, SubjectAlternativeNameBuilder san, TimeSpan? validity)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsage)], false));
        request.CertificateExtensions.Add(san.Build(false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var now = _time.GetUtcNow();
        var notBefore = now - PkiDefaults.BackdateBy;
        var notAfter = now + (validity ?? PkiDefaults.LeafValidity);
        // A certificate cannot outlive its issuer.
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        if (notBefore < Certificate.NotBefore)
        {
            notBefore = Certificate.NotBefore;
        }

        return request.Create(Certificate, notBefore, notAfter, PkiDefaults.NewSerialNumber());
    }

    private static X500DistinguishedName MemberSubject(string memberId)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("ISAC member");
        subject.AddCommonName(memberId);
        return subject.Build();
    }

    private static SubjectAlternativeNameBuilder MemberSan(string memberId)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(MemberCertificates.MemberUri(memberId));
        return san;
    }
}
