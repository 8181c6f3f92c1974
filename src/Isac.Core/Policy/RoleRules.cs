using Isac.Core.Labels;
using Isac.Core.Membership;

namespace Isac.Core.Policy;

/// <summary>
/// The role rules of DESIGN.md section 2 as data: a table of <see cref="PublishRule"/> grants. A member's rights
/// are the union of the grants of all its roles. Invalid tables (TLP:RED to communities, a broadcast of anything
/// but CLEAR, ...) are refused at construction, so a bad configuration stops the host at start-up.
/// </summary>
public sealed class RoleRules
{
    private static readonly Tlp[] AllLabels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];

    /// <summary>Creates a table from grants.</summary>
    /// <exception cref="ArgumentException">A grant is invalid; the message names it.</exception>
    public RoleRules(IEnumerable<PublishRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToList();
        foreach (var rule in list)
        {
            Validate(rule);
        }

        Rules = list;
    }

    /// <summary>
    /// The default table. CERTs and agencies: every label to any community (RED excepted: RED goes to named
    /// members only), every label to any named member, and CLEAR to everyone. Election offices: GREEN, AMBER and
    /// AMBER+STRICT to their own communities, every label (RED included: incident reports) to named CERT or
    /// agency members. Vendors: GREEN to their own communities, every label to named CERT or agency members
    /// (vulnerability reports). Only CERTs and agencies broadcast CLEAR, so that a vendor or a single office
    /// cannot become an election-night disinformation channel.
    /// </summary>
    public static RoleRules Default { get; } = new(DefaultRules());

    /// <summary>The grants, in table order.</summary>
    public IReadOnlyList<PublishRule> Rules { get; }

    /// <summary>A copy of this table in which <paramref name="role"/>'s grants are replaced by
    /// <paramref name="rules"/> (configuration overrides one role at a time).</summary>
    /// <exception cref="ArgumentException">A grant is invalid or belongs to another role.</exception>
    public RoleRules WithRulesFor(Role role, IEnumerable<PublishRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var replacement = rules.ToList();
        var foreign = replacement.FirstOrDefault(r => r.Role != role);
        if (foreign is not null)
        {
            throw new ArgumentException(
                $"Role rules: a replacement grant for '{RoleNames.Of(role)}' belongs to '{RoleNames.Of(foreign.Role)}'.",
                nameof(rules));
        }

        return new RoleRules(Rules.Where(r => r.Role != role).Concat(replacement));
    }

    /// <summary>The grants of any of <paramref name="roles"/> for <paramref name="kind"/> that include
    /// <paramref name="label"/>.</summary>
    public IEnumerable<PublishRule> Grants(IEnumerable<Role> roles, AudienceKind kind, Tlp label)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var held = roles.ToHashSet();
        return Rules.Where(r => held.Contains(r.Role) && r.Audience == kind && r.Labels.Contains(label));
    }

    private static IEnumerable<PublishRule> DefaultRules()
    {
        var nonRed = new HashSet<Tlp> { Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict };
        var all = AllLabels.ToHashSet();
        var clear = new HashSet<Tlp> { Tlp.Clear };
        var certOrAgency = new HashSet<Role> { Role.Cert, Role.Agency };

        foreach (var role in new[] { Role.Cert, Role.Agency })
        {
            yield return new PublishRule(role, AudienceKind.Communities, nonRed);
            yield return new PublishRule(role, AudienceKind.Members, all);
            yield return new PublishRule(role, AudienceKind.Everyone, clear);
        }

        yield return new PublishRule(
            Role.ElectionOffice, AudienceKind.Communities, new HashSet<Tlp> { Tlp.Green, Tlp.Amber, Tlp.AmberStrict },
            OwnCommunitiesOnly: true);
        yield return new PublishRule(Role.ElectionOffice, AudienceKind.Members, all, RecipientRoles: certOrAgency);

        yield return new PublishRule(
            Role.Vendor, AudienceKind.Communities, new HashSet<Tlp> { Tlp.Green }, OwnCommunitiesOnly: true);
        yield return new PublishRule(Role.Vendor, AudienceKind.Members, all, RecipientRoles: certOrAgency);
    }

    private static void Validate(PublishRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var role = RoleNames.Of(rule.Role);
        string? problem = null;
        if (!Enum.IsDefined(rule.Role))
        {
            problem = "its role is not defined";
        }
        else if (!Enum.IsDefined(rule.Audience))
        {
            problem = "its audience kind is not defined";
        }
        else if (rule.Labels is null || rule.Labels.Count == 0)
        {
            problem = "it grants no label";
        }
        else if (rule.Labels.Any(l => !TlpLabels.IsDefined(l)))
        {
            problem = "it grants an undefined label";
        }
        else if (rule.Audience == AudienceKind.Everyone && rule.Labels.Any(l => l != Tlp.Clear))
        {
            problem = "only TLP:CLEAR may go to everyone";
        }
        else if (rule.Audience == AudienceKind.Communities && rule.Labels.Contains(Tlp.Red))
        {
            problem = "TLP:RED goes to named members only, never to communities";
        }
        else if (rule.OwnCommunitiesOnly && rule.Audience != AudienceKind.Communities)
        {
            problem = "OwnCommunitiesOnly applies to community grants only";
        }
        else if (rule.RecipientRoles is not null && rule.Audience != AudienceKind.Members)
        {
            problem = "RecipientRoles applies to named-member grants only";
        }
        else if (rule.RecipientRoles is { Count: 0 })
        {
            problem = "RecipientRoles is empty (use null for any member)";
        }

        if (problem is not null)
        {
            throw new ArgumentException($"Role rules: the '{role}' grant to {rule.Audience} is invalid: {problem}.");
        }
    }
}
