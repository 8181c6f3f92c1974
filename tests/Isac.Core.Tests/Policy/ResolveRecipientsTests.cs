using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Policy;
using Isac.Core.Tests.TestSupport;
using static Isac.Core.Tests.Policy.PolicyWorld;

namespace Isac.Core.Tests.Policy;

public sealed class ResolveRecipientsTests
{
    private readonly SharingPolicy policy = new();

    [Fact]
    public void AmberToCommunity_ExcludesUnclearedMembersSilently_AndNeverTheGreenVendor()
    {
        var result = policy.ResolveRecipients(Cert, Tlp.Amber, Audience.OfCommunities(Sector), ActiveMembers);

        DecisionAssert.Allowed(result.Decision);
        // vendor.epollco is in the sector but cleared for GREEN only; the sender is excluded.
        Assert.Equal(["agency.cisa", "office.ohio.franklin", "office.texas.travis"], Ids(result.Recipients));
    }

    [Fact]
    public void GreenToCommunity_IncludesTheGreenVendor()
    {
        var result = policy.ResolveRecipients(Cert, Tlp.Green, Audience.OfCommunities(Sector), ActiveMembers);

        Assert.Equal(
            ["agency.cisa", "office.ohio.franklin", "office.texas.travis", "vendor.epollco"], Ids(result.Recipients));
    }

    [Fact]
    public void AmberStrictToCommunity_KeepsOnlyMembersClearedForIt()
    {
        var result = policy.ResolveRecipients(Cert, Tlp.AmberStrict, Audience.OfCommunities(Ohio), ActiveMembers);

        // office.ohio.delaware is cleared up to AMBER only.
        Assert.Equal(["office.ohio.franklin"], Ids(result.Recipients));
    }

    [Fact]
    public void UnclearedNamedMember_IsDeniedNamingIt()
    {
        var result = policy.ResolveRecipients(
            Cert, Tlp.Amber, new Audience([Ohio], [Vendor.MemberId]), ActiveMembers);

        DecisionAssert.Denied(result, DenialReason.RecipientNotCleared, "vendor.epollco", "TLP:GREEN", "TLP:AMBER");
    }

    [Fact]
    public void UnknownNamedMember_IsDeniedNamingIt()
    {
        var result = policy.ResolveRecipients(
            Cert, Tlp.Red, Audience.OfMembers(Agency.MemberId, "cert.revoked"), ActiveMembers);

        DecisionAssert.Denied(result, DenialReason.UnknownRecipient, "cert.revoked");
    }

    [Fact]
    public void Sender_IsExcludedFromItsOwnCommunity()
    {
        var result = policy.ResolveRecipients(Cert, Tlp.Green, Audience.OfCommunities(Ohio), ActiveMembers);

        Assert.DoesNotContain(Cert.MemberId, Ids(result.Recipients));
        Assert.Equal(["office.ohio.delaware", "office.ohio.franklin"], Ids(result.Recipients));
    }

    [Fact]
    public void Sender_IsARecipientWhenNamed()
    {
        var result = policy.ResolveRecipients(
            Cert, Tlp.Green, new Audience([Ohio], [Cert.MemberId]), ActiveMembers);

        Assert.Equal(["cert.national", "office.ohio.delaware", "office.ohio.franklin"], Ids(result.Recipients));
    }

    [Fact]
    public void ClearBroadcast_ReachesEveryMemberButTheSender_InIdOrder()
    {
        var result = policy.ResolveRecipients(Agency, Tlp.Clear, Audience.Everyone, ActiveMembers);

        Assert.Equal(
            [
                "cert.national", "office.ohio.delaware", "office.ohio.franklin", "office.texas.travis",
                "vendor.ballotworks", "vendor.epollco",
            ],
            Ids(result.Recipients));
    }

    [Fact]
    public void Order_IsOrdinalById_WhateverTheDirectoryOrder()
    {
        var last = TestMembers.Create("z9", Role.ElectionOffice, communities: [Texas]);
        var digit = TestMembers.Create("0office", Role.ElectionOffice, communities: [Texas]);
        var dotted = TestMembers.Create("office.a", Role.ElectionOffice, communities: [Texas]);
        var colon = TestMembers.Create("office:a", Role.ElectionOffice, communities: [Texas]);
        Member[] members = [last, digit, dotted, colon, .. ActiveMembers];
        var audience = new Audience([Texas], [Agency.MemberId]);

        var forward = policy.ResolveRecipients(Cert, Tlp.Green, audience, members);
        var backward = policy.ResolveRecipients(Cert, Tlp.Green, audience, [.. members.Reverse()]);

        // Ordinal (UTF-16 code units): digits before letters, and '.' (0x2e) before ':' (0x3a).
        string[] expected = ["0office", "agency.cisa", "office.a", "office.texas.travis", "office:a", "z9"];
        Assert.Equal(expected, Ids(forward.Recipients));
        Assert.Equal(expected, Ids(backward.Recipients));
    }

    [Fact]
    public void MemberNamedAndInCommunity_AppearsOnce()
    {
        var result = policy.ResolveRecipients(
            Cert, Tlp.Green, new Audience([Ohio], [OhioOffice.MemberId]), ActiveMembers);

        Assert.Equal(["office.ohio.delaware", "office.ohio.franklin"], Ids(result.Recipients));
    }

    [Fact]
    public void Office_Red_ToNamedCertAndAgency_IsAllowed()
    {
        var result = policy.ResolveRecipients(
            OhioOffice, Tlp.Red, Audience.OfMembers(Cert.MemberId, Agency.MemberId), ActiveMembers);

        DecisionAssert.Allowed(result.Decision);
        Assert.Equal(["agency.cisa", "cert.national"], Ids(result.Recipients));
    }

    [Fact]
    public void Office_Red_ToNamedOffice_IsDeniedNamingIt()
    {
        var result = policy.ResolveRecipients(
            OhioOffice, Tlp.Red, Audience.OfMembers(Cert.MemberId, TexasOffice.MemberId), ActiveMembers);

        DecisionAssert.Denied(
            result, DenialReason.AudienceNotAllowedForRole, OhioOffice.MemberId, TexasOffice.MemberId, "cert, agency");
    }

    [Fact]
    public void Office_NamingItselfBesideTheCert_IsAllowed()
    {
        var result = policy.ResolveRecipients(
            OhioOffice, Tlp.AmberStrict, Audience.OfMembers(Cert.MemberId, OhioOffice.MemberId), ActiveMembers);

        Assert.Equal(["cert.national", "office.ohio.franklin"], Ids(result.Recipients));
    }

    [Fact]
    public void Vendor_Red_ToNamedCert_IsAllowed()
    {
        var result = policy.ResolveRecipients(Vendor, Tlp.Red, Audience.OfMembers(Cert.MemberId), ActiveMembers);

        Assert.Equal(["cert.national"], Ids(result.Recipients));
    }

    [Fact]
    public void Vendor_Amber_ToNamedOffice_IsDeniedNamingIt()
    {
        var result = policy.ResolveRecipients(
            Vendor2, Tlp.Amber, Audience.OfMembers(OhioOffice.MemberId), ActiveMembers);

        DecisionAssert.Denied(result, DenialReason.AudienceNotAllowedForRole, OhioOffice.MemberId, "vendor");
    }

    [Fact]
    public void Vendor_NamingItselfAboveItsClearance_IsDeniedNamingItself()
    {
        var result = policy.ResolveRecipients(
            Vendor, Tlp.Red, Audience.OfMembers(Cert.MemberId, Vendor.MemberId), ActiveMembers);

        DecisionAssert.Denied(result, DenialReason.RecipientNotCleared, Vendor.MemberId);
    }

    [Fact]
    public void Vendor_GreenToOwnCommunity_ResolvesTheOtherVendors()
    {
        var result = policy.ResolveRecipients(Vendor, Tlp.Green, Audience.OfCommunities(Vendors), ActiveMembers);

        Assert.Equal(["vendor.ballotworks"], Ids(result.Recipients));
    }

    [Fact]
    public void CanPublishDenial_IsReturnedWithNoRecipients()
    {
        var result = policy.ResolveRecipients(Vendor, Tlp.Amber, Audience.OfCommunities(Vendors), ActiveMembers);

        DecisionAssert.Denied(result, DenialReason.LabelNotAllowedForRole, Vendor.MemberId);
    }

    [Fact]
    public void AudienceReachingNobody_IsDenied()
    {
        var result = policy.ResolveRecipients(
            TexasOffice, Tlp.AmberStrict, Audience.OfCommunities(Texas), ActiveMembers);

        DecisionAssert.Denied(result, DenialReason.NoRecipients, TexasOffice.MemberId, Texas);
    }

    [Fact]
    public void UnknownCommunity_ReachesNobody_AndIsDenied()
    {
        var result = policy.ResolveRecipients(Cert, Tlp.Green, Audience.OfCommunities("state:ohoi"), ActiveMembers);

        DecisionAssert.Denied(result, DenialReason.NoRecipients, "state:ohoi");
    }

    [Fact]
    public void DirectoryWithDuplicateMember_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => policy.ResolveRecipients(
            Cert, Tlp.Green, Audience.OfCommunities(Ohio), [OhioOffice, OhioOffice]));

        Assert.Contains("office.ohio.franklin", error.Message, StringComparison.Ordinal);
    }
}
