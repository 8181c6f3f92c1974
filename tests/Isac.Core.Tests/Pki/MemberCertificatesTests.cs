using Isac.Core.Pki;

namespace Isac.Core.Tests.Pki;

public sealed class MemberCertificatesTests
{
    [Fact]
    public void GetMemberId_CertificateWithOnlyCn_HasNoMemberId()
    {
        using var ca = HubCertificateAuthority.Create();
        using var certificate = PkiTestCertificates.IssueCustom(ca, "CN=cert.ohio", PkiTestCertificates.ClientAuth);

        Assert.Null(MemberCertificates.GetMemberId(certificate));
    }

    [Fact]
    public void GetMemberId_ReadsSanUri_NotCn()
    {
        using var ca = HubCertificateAuthority.Create();
        using var certificate = PkiTestCertificates.IssueCustom(
            ca, "CN=cert.ohio", PkiTestCertificates.ClientAuth, new Uri("https://example.org/x"), new Uri("urn:isac:member:vendor.acme"));

        Assert.Equal("vendor.acme", MemberCertificates.GetMemberId(certificate));
    }

    [Fact]
    public void GetMemberId_TwoDifferentMemberUris_HasNoMemberId()
    {
        using var ca = HubCertificateAuthority.Create();
        using var certificate = PkiTestCertificates.IssueCustom(
            ca, "CN=cert.ohio", PkiTestCertificates.ClientAuth, new Uri("urn:isac:member:cert.ohio"), new Uri("urn:isac:member:agency.fed"));

        Assert.Null(MemberCertificates.GetMemberId(certificate));
    }

    [Fact]
    public void GetMemberId_IllFormedIdInUri_HasNoMemberId()
    {
        using var ca = HubCertificateAuthority.Create();
        using var certificate = PkiTestCertificates.IssueCustom(
            ca, "CN=x", PkiTestCertificates.ClientAuth, new Uri("urn:isac:member:-Bad_Id"));

        Assert.Null(MemberCertificates.GetMemberId(certificate));
    }

    [Fact]
    public void GetMemberId_OtherUrnOnly_HasNoMemberId()
    {
        using var ca = HubCertificateAuthority.Create();
        using var certificate = PkiTestCertificates.IssueCustom(
            ca, "CN=cert.ohio", PkiTestCertificates.ClientAuth, new Uri("urn:isac:broker:cert.ohio"));

        Assert.Null(MemberCertificates.GetMemberId(certificate));
    }

    [Theory]
    [InlineData("cert.ohio", true)]
    [InlineData("state:ohio", true)]
    [InlineData("9", true)]
    [InlineData("alice\n", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("ALICE", false)]
    [InlineData(":alice", false)]
    public void IsValidMemberId_FollowsTheIdGrammar(string? memberId, bool expected)
    {
        Assert.Equal(expected, MemberCertificates.IsValidMemberId(memberId));
    }
}
