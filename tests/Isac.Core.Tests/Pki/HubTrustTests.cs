using System.Security.Cryptography.X509Certificates;
using Isac.Core.Pki;

namespace Isac.Core.Tests.Pki;

public sealed class HubTrustTests
{
    [Fact]
    public void ValidateClientCertificate_IssuedMemberCertificate_IsAcceptedWithMemberId()
    {
        using var ca = HubCertificateAuthority.Create();
        using var member = ca.IssueMemberCertificate("cert.ohio");

        var decision = ca.CreateTrust().ValidateClientCertificate(member);

        Assert.True(decision.IsAccepted, decision.Reason);
        Assert.Equal("cert.ohio", decision.MemberId);
    }

    [Fact]
    public void ValidateClientCertificate_ForeignCaCertificate_IsRefused()
    {
        using var ca = HubCertificateAuthority.Create();
        using var foreign = HubCertificateAuthority.Create();
        using var member = foreign.IssueMemberCertificate("cert.ohio");

        var decision = ca.CreateTrust().ValidateClientCertificate(member);

        Assert.False(decision.IsAccepted);
        Assert.Null(decision.MemberId);
        Assert.Contains("does not chain to the hub CA", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateClientCertificate_ServerCertificate_IsRefusedForMissingClientAuth()
    {
        using var ca = HubCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("broker-1");

        var decision = ca.CreateTrust().ValidateClientCertificate(server);

        Assert.False(decision.IsAccepted);
        Assert.Contains(nameof(X509ChainStatusFlags.NotValidForUsage), decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateClientCertificate_WithoutMemberUri_IsRefused()
    {
        using var ca = HubCertificateAuthority.Create();
        using var certificate = PkiTestCertificates.IssueCustom(ca, "CN=cert.ohio", PkiTestCertificates.ClientAuth);

        var decision = ca.CreateTrust().ValidateClientCertificate(certificate);

        Assert.False(decision.IsAccepted);
        Assert.Contains("urn:isac:member:", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateClientCertificate_TheCaItself_IsRefused()
    {
        using var ca = HubCertificateAuthority.Create();

        var decision = ca.CreateTrust().ValidateChain(ca.Certificate, PkiTestCertificates.ClientAuth);

        Assert.False(decision.IsAccepted);
        Assert.Contains("end-entity", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateClientCertificate_Expired_IsRefused()
    {
        using var ca = HubCertificateAuthority.Create();
        using var member = ca.IssueMemberCertificate("cert.ohio", TimeSpan.FromDays(1));
        var later = new HubTrust(X509CertificateLoader.LoadCertificate(ca.Certificate.RawData), new FixedTimeProvider(DateTimeOffset.UtcNow.AddDays(2)));

        var decision = later.ValidateClientCertificate(member);

        Assert.False(decision.IsAccepted);
        Assert.Contains(nameof(X509ChainStatusFlags.NotTimeValid), decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateServerCertificate_IssuedServerCertificate_IsAccepted_AndMemberCertificateIsNot()
    {
        using var ca = HubCertificateAuthority.Create();
        using var server = ca.IssueServerCertificate("broker-1");
        using var member = ca.IssueMemberCertificate("cert.ohio");
        var trust = ca.CreateTrust();

        Assert.True(trust.ValidateServerCertificate(server).IsAccepted);
        Assert.False(trust.ValidateServerCertificate(member).IsAccepted);
    }

    [Fact]
    public void Constructor_LeafCertificateAsAnchor_IsRefused()
    {
        using var ca = HubCertificateAuthority.Create();
        using var member = ca.IssueMemberCertificate("cert.ohio");

        Assert.Throws<ArgumentException>(() => new HubTrust(member));
    }
}
