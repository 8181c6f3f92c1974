using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Policy;
using Isac.Core.Tests.TestSupport;
using static Isac.Core.Tests.Policy.PolicyWorld;

namespace Isac.Core.Tests.Policy;

public sealed class ForwardingTests
{
    private static readonly Audience SectorAndOhio = Audience.OfCommunities(Sector, Ohio);

    private readonly SharingPolicy policy = new();

    // --- RED and AMBER+STRICT: never ---

    [Fact]
    public void Red_IsNeverForwarded()
    {
        DecisionAssert.Denied(
            policy.CanForward(
                Cert, Tlp.Red, Audience.OfMembers(Cert.MemberId), Tlp.Red, Audience.OfMembers(Agency.MemberId),
                ActiveMembers),
            DenialReason.ForwardRedNever, "TLP:RED", Cert.MemberId);
    }

    [Fact]
    public void AmberStrict_IsNeverForwarded_EvenToTheSameCommunity()
    {
        DecisionAssert.Denied(
            policy.CanForward(
                Cert, Tlp.AmberStrict, SectorAndOhio, Tlp.AmberStrict, Audience.OfCommunities(Ohio), ActiveMembers),
            DenialReason.ForwardAmberStrictNever, "TLP:AMBER+STRICT", "organization");
    }

    // --- AMBER: declared clients only ---

    [Fact]
    public void Amber_ToDeclaredClient_IsAllowed()
    {
        var audience = Audience.OfMembers(OhioOffice2.MemberId);

        DecisionAssert.Allowed(policy.CanForward(Cert, Tlp.Amber, SectorAndOhio, Tlp.Amber, audience, ActiveMembers));
        var resolution = policy.ResolveForwardRecipients(
            Cert, Tlp.Amber, SectorAndOhio, Tlp.Amber, audience, ActiveMembers);
        Assert.Equal(["office.ohio.delaware"], Ids(resolution.Recipients));
    }

    [Fact]
    public void Amber_ToNonClient_IsDeniedNamingIt()
    {
        DecisionAssert.Denied(
            policy.CanForward(
                Cert, Tlp.Amber, SectorAndOhio, Tlp.Amber,
                Audience.OfMembers(OhioOffice2.MemberId, TexasOffice.MemberId), ActiveMembers),
            DenialReason.ForwardAmberOnlyToClients, TexasOffice.MemberId, Cert.MemberId, "declared client");
    }

    [Fact]
    public void Amber_ToCommunity_IsDenied_EvenTheOriginalOne()
    {
        DecisionAssert.Denied(
            policy.CanForward(Cert, Tlp.Amber, SectorAndOhio, Tlp.Amber, Audience.OfCommunities(Ohio), ActiveMembers),
            DenialReason.ForwardAmberOnlyToClients, Ohio);
    }

    [Fact]
    public void Amber_RaisedToRed_ToDeclaredClient_PassesTheRule_ButAnUnclearedClientIsRefused()
    {
        var audience = Audience.OfMembers(OhioOffice2.MemberId);

        DecisionAssert.Allowed(policy.CanForward(Cert, Tlp.Amber, SectorAndOhio, Tlp.Red, audience, ActiveMembers));
        // office.ohio.delaware is cleared up to AMBER only.
        DecisionAssert.Denied(
            policy.ResolveForwardRecipients(Cert, Tlp.Amber, SectorAndOhio, Tlp.Red, audience, ActiveMembers),
            DenialReason.RecipientNotCleared, OhioOffice2.MemberId);
    }

    // --- GREEN: inside the original audience's communities ---

    [Fact]
    public void Green_InsideOriginalCommunities_IsAllowed()
    {
        var audience = new Audience([Ohio], [OhioOffice2.MemberId]);

        DecisionAssert.Allowed(
            policy.CanForward(TexasOffice, Tlp.Green, SectorAndOhio, Tlp.Green, audience, ActiveMembers));
        var resolution = policy.ResolveForwardRecipients(
            TexasOffice, Tlp.Green, SectorAndOhio, Tlp.Green, audience, ActiveMembers);
        Assert.Equal(["cert.national", "office.ohio.delaware", "office.ohio.franklin"], Ids(resolution.Recipients));
    }

    [Fact]
    public void Green_ToCommunityOutsideOriginal_IsDeniedNamingIt()
    {
        DecisionAssert.Denied(
            policy.CanForward(
                TexasOffice, Tlp.Green, SectorAndOhio, Tlp.Green, Audience.OfCommunities(Ohio, Texas), ActiveMembers),
            DenialReason.ForwardGreenOutsideCommunities, Texas, "TLP:GREEN");
    }

    [Fact]
    public void Green_ToNamedMemberOutsideOriginalCommunities_IsDeniedNamingIt()
    {
        DecisionAssert.Denied(
            policy.CanForward(
                Cert, Tlp.Green, SectorAndOhio, Tlp.Green, Audience.OfMembers(Vendor2.MemberId), ActiveMembers),
            DenialReason.ForwardGreenOutsideCommunities, Vendor2.MemberId);
    }

    [Fact]
    public void Green_WhoseOriginalNamedNoCommunity_IsNotForwarded()
    {
        DecisionAssert.Denied(
            policy.CanForward(
                Cert, Tlp.Green, Audience.OfMembers(Cert.MemberId), Tlp.Green, Audience.OfMembers(Agency.MemberId),
                ActiveMembers),
            DenialReason.ForwardGreenOutsideCommunities, "named none");
    }

    [Fact]
    public void Green_ToUnknownMember_IsDeniedNamingIt()
    {
        DecisionAssert.Denied(
            policy.CanForward(
                Cert, Tlp.Green, SectorAndOhio, Tlp.Green, Audience.OfMembers("office.ghost"), ActiveMembers),
            DenialReason.UnknownRecipient, "office.ghost");
    }

    [Fact]
    public void Green_ForwardedByVendor_IgnoresPublishRoleRules()
    {
        // A vendor may not author GREEN for the sector's offices by name, but may re-share inside the community.
        DecisionAssert.Allowed(
            policy.CanForward(
                Vendor, Tlp.Green, SectorAndOhio, Tlp.Green, Audience.OfMembers(OhioOffice.MemberId), ActiveMembers));
    }

    // --- lowering and raising ---

    [Theory]
    [InlineData(Tlp.Green, Tlp.Clear)]
    [InlineData(Tlp.Amber, Tlp.Green)]
    [InlineData(Tlp.Amber, Tlp.Clear)]
    public void LowerLabel_IsDenied(Tlp original, Tlp lowered)
    {
        DecisionAssert.Denied(
            policy.CanForward(
                Cert, original, SectorAndOhio, lowered, Audience.OfMembers(OhioOffice2.MemberId), ActiveMembers),
            DenialReason.ForwardLowersLabel, TlpLabels.ToLabelString(original), TlpLabels.ToLabelString(lowered));
    }

    [Fact]
    public void Green_RaisedToAmber_InsideOriginalCommunities_IsAllowed_AndResolvesOnlyAmberCleared()
    {
        var audience = Audience.OfCommunities(Sector);

        DecisionAssert.Allowed(
            policy.CanForward(TexasOffice, Tlp.Green, SectorAndOhio, Tlp.Amber, audience, ActiveMembers));
        var resolution = policy.ResolveForwardRecipients(
            TexasOffice, Tlp.Green, SectorAndOhio, Tlp.Amber, audience, ActiveMembers);
        // vendor.epollco (GREEN clearance) drops out; the forwarder is not expanded.
        Assert.Equal(["agency.cisa", "cert.national", "office.ohio.franklin"], Ids(resolution.Recipients));
    }

    [Fact]
    public void Green_RaisedToRed_ToNamedMemberInsideOriginalCommunities_IsAllowed()
    {
        DecisionAssert.Allowed(
            policy.CanForward(
                TexasOffice, Tlp.Green, SectorAndOhio, Tlp.Red, Audience.OfMembers(Cert.MemberId), ActiveMembers));
    }

    [Fact]
    public void Green_RaisedToRed_ToCommunity_IsDeniedByRedRule()
    {
        DecisionAssert.Denied(
            policy.CanForward(
                TexasOffice, Tlp.Green, SectorAndOhio, Tlp.Red, Audience.OfCommunities(Ohio), ActiveMembers),
            DenialReason.RedRequiresNamedMembers, Ohio);
    }

    [Fact]
    public void Green_RaisedToAmber_ToClientOutsideOriginalCommunities_IsDenied()
    {
        // The original GREEN rule binds the information even when the new label would allow clients.
        var cert = TestMembers.Create("cert.state", Role.Cert, communities: [Ohio], clients: [Vendor2.MemberId]);

        DecisionAssert.Denied(
            policy.CanForward(
                cert, Tlp.Green, Audience.OfCommunities(Ohio), Tlp.Amber, Audience.OfMembers(Vendor2.MemberId),
                ActiveMembers),
            DenialReason.ForwardGreenOutsideCommunities, Vendor2.MemberId);
    }

    // --- CLEAR: free, but a broadcast needs the right ---

    [Fact]
    public void Clear_ToAnyCommunity_IsAllowedEvenForVendor()
    {
        DecisionAssert.Allowed(
            policy.CanForward(
                Vendor, Tlp.Clear, Audience.Everyone, Tlp.Clear, Audience.OfCommunities(Texas), ActiveMembers));
    }

    [Fact]
    public void Clear_RaisedToGreen_ToAnyCommunity_IsAllowed()
    {
        DecisionAssert.Allowed(
            policy.CanForward(
                OhioOffice, Tlp.Clear, Audience.Everyone, Tlp.Green, Audience.OfCommunities(Texas), ActiveMembers));
    }

    [Fact]
    public void Clear_BroadcastByVendor_IsDenied()
    {
        DecisionAssert.Denied(
            policy.CanForward(Vendor, Tlp.Clear, Audience.Everyone, Tlp.Clear, Audience.Everyone, ActiveMembers),
            DenialReason.ForwardClearBroadcastNotAllowed, Vendor.MemberId, "TLP:CLEAR");
    }

    [Fact]
    public void Clear_BroadcastByAgency_IsAllowed_AndReachesEveryoneElse()
    {
        DecisionAssert.Allowed(
            policy.CanForward(Agency, Tlp.Clear, Audience.Everyone, Tlp.Clear, Audience.Everyone, ActiveMembers));
        var resolution = policy.ResolveForwardRecipients(
            Agency, Tlp.Clear, Audience.Everyone, Tlp.Clear, Audience.Everyone, ActiveMembers);
        Assert.Equal(ActiveMembers.Count - 1, resolution.Recipients.Count);
        Assert.DoesNotContain(Agency.MemberId, Ids(resolution.Recipients));
    }

    [Fact]
    public void RaisedLabel_WithEmptyAudience_IsDenied()
    {
        DecisionAssert.Denied(
            policy.CanForward(Agency, Tlp.Clear, Audience.Everyone, Tlp.Green, Audience.Everyone, ActiveMembers),
            DenialReason.EmptyAudience);
    }

    [Fact]
    public void MalformedIdInForwardAudience_IsDenied()
    {
        DecisionAssert.Denied(
            policy.CanForward(
                Cert, Tlp.Green, SectorAndOhio, Tlp.Green, Audience.OfCommunities("State:Ohio"), ActiveMembers),
            DenialReason.MalformedId, "State:Ohio");
    }
}
