using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Isac.Core.Pki;

namespace Isac.Core.Tests.Pki;

public sealed class HubCertificateAuthorityTests
{
    [Fact]
    public void Create_IsSelfSignedCa_WithPathLengthZero_AndCertSignUsage()
    {
        using var ca = HubCertificateAuthority.Create("test hub CA");

        var constraints = ca.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
        Assert.True(constraints.Critical);
        var usage = ca.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.Equal(ca.Certificate.SubjectName.Name, ca.Certificate.IssuerName.Name);
        using var key = ca.Certificate.GetECDsaPublicKey();
        Assert.Equal(256, key!.KeySize);
        Assert.Equal("1.2.840.10045.4.3.2", ca.Certificate.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        Assert.InRange(ca.Certificate.NotAfter - ca.Certificate.NotBefore, TimeSpan.FromDays(364), TimeSpan.FromDays(366));
    }

    [Fact]
    public void IssuedMemberCertificate_ChainsToItsCa_WithCustomRootTrust()
    {
        using var ca = HubCertificateAuthority.Create();
        using var member = ca.IssueMemberCertificate("cert.ohio");

        Assert.True(PkiTestCertificates.ChainsTo(member, ca.Certificate, out var status), status.ToString());
    }

    [Fact]
    public void IssuedMemberCertificate_DoesNotChainToAnotherCa()
    {
        using var ca = HubCertificateAuthority.Create();
        using var foreign = HubCertificateAuthority.Create();
        using var member = ca.IssueMemberCertificate("cert.ohio");

        Assert.False(PkiTestCertificates.ChainsTo(member, foreign.Certificate, out var status));
        Assert.NotEqual(X509ChainStatusFlags.NoError, status);
    }

    [Fact]
    public void IssuedMemberCertificate_NamesMemberInCnAndSanUri_WithClientAuthOnly()
    {
        using var ca = HubCertificateAuthority.Create();
        using var member = ca.IssueMemberCertificate("state:ohio:sos");

        Assert.Equal("state:ohio:sos", member.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Equal("state:ohio:sos", MemberCertificates.GetMemberId(member));
        var eku = member.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal([PkiTestCertificates.ClientAuth], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.False(member.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(member.HasPrivateKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Alice")]
    [InlineData("-alice")]
    [InlineData(".alice")]
    [InlineData("alice\n")]
    [InlineData("al ice")]
    [InlineData("alice/bob")]
    [InlineData("alice,o=evil")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234")] // 65 characters
    public void IssueMemberCertificate_InvalidMemberId_IsRefused(string memberId)
    {
        using var ca = HubCertificateAuthority.Create();

        Assert.Throws<ArgumentException>(() => ca.IssueMemberCertificate(memberId));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("cert.ohio")]
    [InlineData("state:ohio:sos")]
    [InlineData("0-vendor")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")] // 64 characters
    public void MemberId_RoundTripsThroughCertificate(string memberId)
    {
        using var ca = HubCertificateAuthority.Create();
        using var member = ca.IssueMemberCertificate(memberId);

        Assert.Equal(memberId, MemberCertificates.GetMemberId(member));
    }

    [Fact]
    public void IssuedServerCertificate_HasServerAuth_AndLoopbackPlusGivenNames()
    {
        using var ca = HubCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("broker-1", ["broker.example.org"], [IPAddress.Parse("10.0.0.7")]);

        var san = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["broker.example.org", "localhost"], san.EnumerateDnsNames().Order(StringComparer.Ordinal));
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.Contains(IPAddress.Parse("10.0.0.7"), san.EnumerateIPAddresses());
        var eku = server.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal([PkiTestCertificates.ServerAuth], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Null(MemberCertificates.GetMemberId(server));
        Assert.True(PkiTestCertificates.ChainsTo(server, ca.Certificate, out var status), status.ToString());
    }

    [Fact]
    public void IssuedCertificate_NeverOutlivesTheCa()
    {
        using var ca = HubCertificateAuthority.Create(validity: TimeSpan.FromDays(10));
        using var member = ca.IssueMemberCertificate("cert.ohio", TimeSpan.FromDays(400));

        Assert.True(member.NotAfter <= ca.Certificate.NotAfter);
    }

    [Fact]
    public void IssueFromCsr_TakesIdentityFromApproval_AndKeyFromRequest()
    {
        using var ca = HubCertificateAuthority.Create();
        using var requesterKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // The requester asks to be someone else; the hub ignores what the request says about identity.
        var csr = new CertificateRequest("CN=mallory", requesterKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("urn:isac:member:mallory"));
        csr.CertificateExtensions.Add(san.Build());
        csr.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));

        using var issued = ca.IssueMemberCertificateFromCsr("cert.ohio", csr.CreateSigningRequest());

        Assert.False(issued.HasPrivateKey);
        Assert.Equal("cert.ohio", MemberCertificates.GetMemberId(issued));
        Assert.Equal("cert.ohio", issued.GetNameInfo(X509NameType.SimpleName, false));
        Assert.False(issued.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        using var withKey = issued.CopyWithPrivateKey(requesterKey); // throws if the certified key is not the requester's
        Assert.True(PkiTestCertificates.ChainsTo(issued, ca.Certificate, out var status), status.ToString());
    }

    [Fact]
    public void IssueFromCsrPem_IssuesForRequestedKey()
    {
        using var ca = HubCertificateAuthority.Create();
        using var requesterKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = new CertificateRequest("CN=cert.ohio", requesterKey, HashAlgorithmName.SHA256).CreateSigningRequestPem();

        using var issued = ca.IssueMemberCertificateFromCsrPem("cert.ohio", pem);

        Assert.Equal("cert.ohio", MemberCertificates.GetMemberId(issued));
        using var issuedKey = issued.GetECDsaPublicKey();
        Assert.Equal(requesterKey.ExportSubjectPublicKeyInfo(), issuedKey!.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void IssueFromCsr_WithBrokenSignature_IsRefused()
    {
        using var ca = HubCertificateAuthority.Create();
        using var requesterKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = new CertificateRequest("CN=cert.ohio", requesterKey, HashAlgorithmName.SHA256).CreateSigningRequest();
        // The ECDSA signature's last byte sits at the end of the DER: flipping it breaks proof of possession.
        der[^1] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => ca.IssueMemberCertificateFromCsr("cert.ohio", der));
    }

    [Fact]
    public void IssueFromCsr_WithNonP256Key_IsRefused()
    {
        using var ca = HubCertificateAuthority.Create();
        using var requesterKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var der = new CertificateRequest("CN=cert.ohio", requesterKey, HashAlgorithmName.SHA256).CreateSigningRequest();

        var error = Assert.ThrowsAny<CryptographicException>(() => ca.IssueMemberCertificateFromCsr("cert.ohio", der));
        Assert.Contains("P-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IssueFromCsr_InvalidMemberId_IsRefused()
    {
        using var ca = HubCertificateAuthority.Create();
        using var requesterKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = new CertificateRequest("CN=x", requesterKey, HashAlgorithmName.SHA256).CreateSigningRequest();

        Assert.Throws<ArgumentException>(() => ca.IssueMemberCertificateFromCsr("Not Valid", der));
    }

    [Fact]
    public async Task SaveThenLoad_RoundTrips_WithEncryptedOwnerOnlyKey()
    {
        var directory = Directory.CreateTempSubdirectory("isac-pki-");
        try
        {
            var certificatePath = Path.Combine(directory.FullName, "ca.crt.pem");
            var keyPath = Path.Combine(directory.FullName, "ca.key.pem");
            using var ca = HubCertificateAuthority.Create();
            await ca.SaveAsync(certificatePath, keyPath, "correct horse");

            var keyPem = await File.ReadAllTextAsync(keyPath);
            Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", keyPem, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
            }

            using var loaded = await HubCertificateAuthority.LoadAsync(certificatePath, keyPath, "correct horse");
            Assert.Equal(ca.Certificate.RawData, loaded.Certificate.RawData);
            using var member = loaded.IssueMemberCertificate("cert.ohio");
            Assert.True(PkiTestCertificates.ChainsTo(member, ca.Certificate, out var status), status.ToString());
            await Assert.ThrowsAnyAsync<CryptographicException>(() => HubCertificateAuthority.LoadAsync(certificatePath, keyPath, "wrong horse"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void FromCertificate_LeafCertificate_IsRefused()
    {
        using var ca = HubCertificateAuthority.Create();
        using var member = ca.IssueMemberCertificate("cert.ohio");

        var error = Assert.Throws<CryptographicException>(() => HubCertificateAuthority.FromCertificate(member));
        Assert.Contains("not a CA certificate", error.Message, StringComparison.Ordinal);
    }
}
