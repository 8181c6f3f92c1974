using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Isac.Core.Pki;

namespace Isac.Core.Tests.Pki;

/// <summary>Certificates the hub CA would never issue, signed with its key, to test what validation refuses.</summary>
internal static class PkiTestCertificates
{
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 IssueCustom(HubCertificateAuthority ca, string subject, string extendedKeyUsage, params Uri[] uris)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsage)], false));
        if (uris.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var uri in uris)
            {
                san.AddUri(uri);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var now = DateTimeOffset.UtcNow;
        return request.Create(ca.Certificate, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8)).CopyWithPrivateKey(key);
    }

    /// <summary>Builds a chain the way the broker must: the given CA as the only root, no system roots.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 root, out X509ChainStatusFlags status)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(root.RawData));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        var built = chain.Build(X509CertificateLoader.LoadCertificate(certificate.RawData));
        status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        return built;
    }
}

/// <summary>A clock fixed at one instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
