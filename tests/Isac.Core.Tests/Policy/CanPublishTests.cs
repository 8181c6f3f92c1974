using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Policy;
using Isac.Core.Tests.TestSupport;
using static Isac.Core.Tests.Policy.PolicyWorld;

namespace Isac.Core.Tests.Policy;

/// <summary>One test per row of the TLP table and per role default of DESIGN.md section 2.</summary>
public sealed class CanPublishTests
{
    private readonly SharingPolicy policy = new();

    // --- TLP table rows: the audience each label may name ---

    [Fact]
    public void Clear_ToEveryone_IsAllowedForCert()
    {
        DecisionAssert.Allowed(policy.CanPublish(Cert, Tlp.Clear, Audience.Everyone));
    }

    [Theory]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void NonClear_ToEveryone_IsDeniedAsEmptyAudience(Tlp label)
    {
        DecisionAssert.Denied(
            policy.CanPublish(Cert, label, Audience.Everyone), DenialReason.EmptyAudience,
            TlpLabels.ToLabelString(label), "only TLP:CLEAR goes to everyone");
    }

    [Theory]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    public void GreenAmberAmberStrict_ToCommunitiesAndNamedMembers_IsAllowedForCert(Tlp label)
    {
        DecisionAssert.Allowed(policy.CanPublish(Cert, label, new Audience([Ohio, Texas], [Vendor2.MemberId])));
    }

    [Fact]
    public void Red_ToNamedMembers_IsAllowedForCert()
    {
        DecisionAssert.Allowed(policy.CanPublish(Cert, Tlp.Red, Audience.OfMembers(Agency.MemberId)));
    }

    [Theory]
    [InlineData(Role.Cert)]
    [InlineData(Role.Agency)]
    [InlineData(Role.ElectionOffice)]
    [InlineData(Role.Vendor)]
    public void Red_ToCommunity_IsDeniedForEveryRole(Role role)
    {
        var sender = TestMembers.Create("sender", role, communities: [Ohio]);

        DecisionAssert.Denied(
            policy.CanPublish(sender, Tlp.Red, new Audience([Ohio], [Cert.MemberId])),
            DenialReason.RedRequiresNamedMembers, "TLP:RED", Ohio);
    }

    // --- CERT and agency defaults ---

    [Theory]
    [InlineData(Role.Cert, Tlp.Clear)]
    [InlineData(Role.Cert, Tlp.Green)]
    [InlineData(Role.Cert, Tlp.Amber)]
    [InlineData(Role.Cert, Tlp.AmberStrict)]
    [InlineData(Role.Agency, Tlp.Clear)]
    [InlineData(Role.Agency, Tlp.Green)]
    [InlineData(Role.Agency, Tlp.Amber)]
    [InlineData(Role.Agency, Tlp.AmberStrict)]
    public void CertOrAgency_AnyNonRedLabel_ToCommunityItIsNotIn_IsAllowed(Role role, Tlp label)
    {
        var sender = TestMembers.Create("sender", role, communities: [Sector]);

        DecisionAssert.Allowed(policy.CanPublish(sender, label, Audience.OfCommunities(Texas)));
    }

    [Theory]
    [InlineData(Role.Cert)]
    [InlineData(Role.Agency)]
    public void CertOrAgency_EveryLabel_ToNamedMembers_IsAllowed(Role role)
    {
        var sender = TestMembers.Create("sender", role);

        foreach (var label in Enum.GetValues<Tlp>())
        {
            DecisionAssert.Allowed(policy.CanPublish(sender, label, Audience.OfMembers(OhioOffice.MemberId)));
        }
    }

    [Fact]
    public void Agency_ClearBroadcast_IsAllowed()
    {
        DecisionAssert.Allowed(policy.CanPublish(Agency, Tlp.Clear, Audience.Everyone));
    }

    // --- election office defaults ---

    [Theory]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    public void Office_GreenAmberAmberStrict_ToOwnCommunity_IsAllowed(Tlp label)
    {
        DecisionAssert.Allowed(policy.CanPublish(OhioOffice, label, Audience.OfCommunities(Ohio)));
    }

    [Fact]
    public void Office_Amber_ToCommunityItIsNotIn_IsDeniedNamingCommunity()
    {
        DecisionAssert.Denied(
            policy.CanPublish(OhioOffice, Tlp.Amber, Audience.OfCommunities(Ohio, Texas)),
            DenialReason.NotMemberOfCommunity, OhioOffice.MemberId, Texas, "election-office");
    }

    [Fact]
    public void Office_Clear_ToOwnCommunity_IsDeniedAsLabelNotAllowed()
    {
        DecisionAssert.Denied(
            policy.CanPublish(OhioOffice, Tlp.Clear, Audience.OfCommunities(Ohio)),
            DenialReason.LabelNotAllowedForRole, OhioOffice.MemberId, "TLP:CLEAR", Ohio);
    }

    [Fact]
    public void Office_ClearBroadcast_IsDenied()
    {
        DecisionAssert.Denied(
            policy.CanPublish(OhioOffice, Tlp.Clear, Audience.Everyone),
            DenialReason.ClearBroadcastNotAllowed, OhioOffice.MemberId, "cert, agency");
    }

    [Fact]
    public void Office_Red_ToNamedMembers_PassesTheDirectoryFreeCheck()
    {
        // Whether the named members are CERTs or agencies needs the directory (see RecipientResolutionTests).
        DecisionAssert.Allowed(policy.CanPublish(OhioOffice, Tlp.Red, Audience.OfMembers(Cert.MemberId)));
    }

    // --- vendor defaults ---

    [Fact]
    public void Vendor_Green_ToOwnCommunity_IsAllowed()
    {
        DecisionAssert.Allowed(policy.CanPublish(Vendor, Tlp.Green, Audience.OfCommunities(Vendors)));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    public void Vendor_NonGreen_ToOwnCommunity_IsDeniedAsLabelNotAllowed(Tlp label)
    {
        DecisionAssert.Denied(
            policy.CanPublish(Vendor, label, Audience.OfCommunities(Vendors)),
            DenialReason.LabelNotAllowedForRole, Vendor.MemberId, "vendor", TlpLabels.ToLabelString(label), Vendors);
    }

    [Fact]
    public void Vendor_Green_ToCommunityItIsNotIn_IsDenied()
    {
        DecisionAssert.Denied(
            policy.CanPublish(Vendor, Tlp.Green, Audience.OfCommunities(Ohio)),
            DenialReason.NotMemberOfCommunity, Vendor.MemberId, Ohio);
    }

    [Fact]
    public void Vendor_ClearBroadcast_IsDenied()
    {
        DecisionAssert.Denied(
            policy.CanPublish(Vendor, Tlp.Clear, Audience.Everyone),
            DenialReason.ClearBroadcastNotAllowed, Vendor.MemberId, "vendor");
    }

    // --- several roles: the union ---

    [Fact]
    public void VendorAndCert_GetsCertRights()
    {
        var both = TestMembers.Create("cert.vendor", Role.Vendor, extraRoles: [Role.Cert], communities: [Vendors]);

        DecisionAssert.Allowed(policy.CanPublish(both, Tlp.Amber, Audience.OfCommunities(Ohio)));
        DecisionAssert.Allowed(policy.CanPublish(both, Tlp.Clear, Audience.Everyone));
    }

    [Fact]
    public void VendorAndOffice_GetsOfficeLabelsForOwnCommunities_ButNotOthers()
    {
        var both = TestMembers.Create(
            "office.vendor", Role.Vendor, extraRoles: [Role.ElectionOffice], communities: [Ohio, Vendors]);

        DecisionAssert.Allowed(policy.CanPublish(both, Tlp.Amber, Audience.OfCommunities(Vendors)));
        DecisionAssert.Denied(
            policy.CanPublish(both, Tlp.Green, Audience.OfCommunities(Texas)),
            DenialReason.NotMemberOfCommunity, Texas);
        DecisionAssert.Denied(
            policy.CanPublish(both, Tlp.Clear, Audience.Everyone), DenialReason.ClearBroadcastNotAllowed);
    }

    [Fact]
    public void OfficeAndAgency_MayPublishToCommunitiesItIsNotIn()
    {
        var both = TestMembers.Create(
            "office.agency", Role.ElectionOffice, extraRoles: [Role.Agency], communities: [Ohio]);

        DecisionAssert.Allowed(policy.CanPublish(both, Tlp.AmberStrict, Audience.OfCommunities(Texas)));
    }

    [Fact]
    public void MemberWithoutRoles_MayPublishNothing()
    {
        var nobody = new Member(
            "nobody", "nobody", new HashSet<Role>(), Tlp.Red, new HashSet<string> { Ohio }, new HashSet<string>(),
            new byte[32], new byte[32], DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);

        DecisionAssert.Denied(
            policy.CanPublish(nobody, Tlp.Green, Audience.OfCommunities(Ohio)),
            DenialReason.LabelNotAllowedForRole, "no roles");
        DecisionAssert.Denied(
            policy.CanPublish(nobody, Tlp.Red, Audience.OfMembers(Cert.MemberId)), DenialReason.LabelNotAllowedForRole);
    }

    // --- ids and labels ---

    [Theory]
    [InlineData("State:Ohio")]
    [InlineData("")]
    [InlineData("-ohio")]
    [InlineData("ohio county")]
    [InlineData("ohio\n")]
    [InlineData("state/ohio")]
    public void MalformedCommunityId_IsDeniedNamingIt(string community)
    {
        DecisionAssert.Denied(
            policy.CanPublish(Cert, Tlp.Green, Audience.OfCommunities(community)),
            DenialReason.MalformedId, $"community id '{community}'", MemberIds.Pattern);
    }

    [Fact]
    public void MalformedMemberId_IsDeniedNamingIt()
    {
        var tooLong = new string('a', 65);

        DecisionAssert.Denied(
            policy.CanPublish(Cert, Tlp.Red, Audience.OfMembers(tooLong)),
            DenialReason.MalformedId, $"member id '{tooLong}'");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void UndefinedLabel_IsDenied(int label)
    {
        DecisionAssert.Denied(
            policy.CanPublish(Cert, (Tlp)label, Audience.OfCommunities(Ohio)), DenialReason.InvalidLabel);
    }
}
