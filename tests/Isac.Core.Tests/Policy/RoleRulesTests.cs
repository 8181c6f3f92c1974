using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Policy;
using static Isac.Core.Tests.Policy.PolicyWorld;

namespace Isac.Core.Tests.Policy;

public sealed class RoleRulesTests
{
    private static readonly HashSet<Tlp> GreenAmber = [Tlp.Green, Tlp.Amber];

    [Fact]
    public void Default_OnlyCertsAndAgenciesBroadcast()
    {
        var broadcasters = RoleRules.Default.Rules
            .Where(r => r.Audience == AudienceKind.Everyone)
            .Select(r => r.Role)
            .Order();

        Assert.Equal([Role.Cert, Role.Agency], broadcasters);
    }

    [Fact]
    public void Default_NoRoleSendsRedToCommunities()
    {
        Assert.DoesNotContain(
            RoleRules.Default.Rules,
            r => r.Audience == AudienceKind.Communities && r.Labels.Contains(Tlp.Red));
    }

    [Fact]
    public void Override_VendorMayPublishAmberToOwnCommunities()
    {
        var rules = RoleRules.Default.WithRulesFor(
            Role.Vendor,
            [
                new PublishRule(Role.Vendor, AudienceKind.Communities, GreenAmber, OwnCommunitiesOnly: true),
                new PublishRule(Role.Vendor, AudienceKind.Members, new HashSet<Tlp> { Tlp.Green }),
            ]);
        var policy = new SharingPolicy(rules);

        DecisionAssert.Allowed(policy.CanPublish(Vendor, Tlp.Amber, Audience.OfCommunities(Vendors)));
        DecisionAssert.Denied(
            policy.CanPublish(Vendor, Tlp.Red, Audience.OfMembers(Cert.MemberId)),
            DenialReason.LabelNotAllowedForRole, "named members", Cert.MemberId);
        // Other roles keep their defaults.
        DecisionAssert.Allowed(policy.CanPublish(Cert, Tlp.Clear, Audience.Everyone));
        // The default policy is unchanged.
        DecisionAssert.Denied(
            new SharingPolicy().CanPublish(Vendor, Tlp.Amber, Audience.OfCommunities(Vendors)),
            DenialReason.LabelNotAllowedForRole);
    }

    [Fact]
    public void Override_OfficeBroadcastRight_IsHonouredAndNamedInMessages()
    {
        var rules = RoleRules.Default.WithRulesFor(
            Role.ElectionOffice,
            [new PublishRule(Role.ElectionOffice, AudienceKind.Everyone, new HashSet<Tlp> { Tlp.Clear })]);
        var policy = new SharingPolicy(rules);

        DecisionAssert.Allowed(policy.CanPublish(OhioOffice, Tlp.Clear, Audience.Everyone));
        DecisionAssert.Denied(
            policy.CanPublish(Vendor, Tlp.Clear, Audience.Everyone),
            DenialReason.ClearBroadcastNotAllowed, "cert, election-office, agency");
    }

    [Fact]
    public void WithRulesFor_ForeignRoleGrant_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => RoleRules.Default.WithRulesFor(
            Role.Vendor, [new PublishRule(Role.Cert, AudienceKind.Members, GreenAmber)]));
    }

    public static TheoryData<PublishRule, string> InvalidRules => new()
    {
        { new PublishRule(Role.Cert, AudienceKind.Communities, new HashSet<Tlp> { Tlp.Red }), "TLP:RED" },
        { new PublishRule(Role.Cert, AudienceKind.Everyone, new HashSet<Tlp> { Tlp.Green }), "only TLP:CLEAR" },
        { new PublishRule(Role.Cert, AudienceKind.Members, new HashSet<Tlp>()), "no label" },
        { new PublishRule(Role.Cert, AudienceKind.Members, new HashSet<Tlp> { (Tlp)9 }), "undefined label" },
        { new PublishRule((Role)9, AudienceKind.Members, GreenAmber), "role is not defined" },
        { new PublishRule(Role.Cert, (AudienceKind)9, GreenAmber), "audience kind" },
        { new PublishRule(Role.Cert, AudienceKind.Members, GreenAmber, OwnCommunitiesOnly: true), "OwnCommunitiesOnly" },
        {
            new PublishRule(Role.Cert, AudienceKind.Communities, GreenAmber, RecipientRoles: new HashSet<Role> { Role.Cert }),
            "RecipientRoles"
        },
        { new PublishRule(Role.Cert, AudienceKind.Members, GreenAmber, RecipientRoles: new HashSet<Role>()), "empty" },
    };

    [Theory]
    [MemberData(nameof(InvalidRules))]
    public void InvalidRule_IsRejectedAtConstruction(PublishRule rule, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => new RoleRules([rule]));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
