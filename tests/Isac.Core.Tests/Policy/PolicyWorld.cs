using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Tests.TestSupport;

namespace Isac.Core.Tests.Policy;

/// <summary>A small directory of members used by the policy tests.</summary>
internal static class PolicyWorld
{
    public const string Sector = "election-sector";
    public const string Ohio = "state:ohio";
    public const string Texas = "state:texas";
    public const string Vendors = "vendors";

    public static readonly Member Cert = TestMembers.Create(
        "cert.national", Role.Cert, Tlp.Red, [Sector, Ohio], clients: ["office.ohio.delaware"]);

    public static readonly Member Agency = TestMembers.Create("agency.cisa", Role.Agency, Tlp.Red, [Sector]);

    public static readonly Member OhioOffice = TestMembers.Create(
        "office.ohio.franklin", Role.ElectionOffice, Tlp.AmberStrict, [Sector, Ohio]);

    public static readonly Member OhioOffice2 = TestMembers.Create(
        "office.ohio.delaware", Role.ElectionOffice, Tlp.Amber, [Ohio]);

    public static readonly Member TexasOffice = TestMembers.Create(
        "office.texas.travis", Role.ElectionOffice, Tlp.Red, [Texas, Sector]);

    // Cleared for GREEN only: must never be resolved into an AMBER bundle.
    public static readonly Member Vendor = TestMembers.Create(
        "vendor.epollco", Role.Vendor, Tlp.Green, [Vendors, Sector]);

    public static readonly Member Vendor2 = TestMembers.Create("vendor.ballotworks", Role.Vendor, Tlp.Amber, [Vendors]);

    public static IReadOnlyCollection<Member> ActiveMembers { get; } =
        [Vendor, Cert, OhioOffice2, TexasOffice, Agency, Vendor2, OhioOffice];

    public static string[] Ids(IEnumerable<Member> members) => [.. members.Select(m => m.MemberId)];
}
