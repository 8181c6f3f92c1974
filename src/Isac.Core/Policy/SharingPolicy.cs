using Isac.Core.Labels;
using Isac.Core.Membership;

namespace Isac.Core.Policy;

/// <summary>
/// The TLP 2.0 sharing policy of DESIGN.md section 2: who may publish which label to which audience, who
/// exactly receives it, and what a recipient may forward. The broker and the node run the same checks. Every
/// decision says why (<see cref="PolicyDecision"/>).
/// </summary>
public sealed partial class SharingPolicy
{
    /// <summary>Creates the policy with <paramref name="rules"/>, or <see cref="RoleRules.Default"/>.</summary>
    public SharingPolicy(RoleRules? rules = null)
    {
        Rules = rules ?? RoleRules.Default;
    }

    /// <summary>The role rules in force.</summary>
    public RoleRules Rules { get; }

    /// <summary>
    /// Checks everything about a publish that does not need the directory: the label, the ids, the audience's
    /// shape for the label (only CLEAR goes to everyone; RED only to named members) and the sender's role rules
    /// for each named community and for named members as such. The named members' existence, roles and
    /// clearance need the directory: <see cref="ResolveRecipients(Member, Tlp, Audience, ActiveMemberView)"/> checks them.
    /// </summary>
    public PolicyDecision CanPublish(Member sender, Tlp label, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(audience);

        var shape = CheckShape(label, audience);
        if (!shape.IsAllowed)
        {
            return shape;
        }

        if (audience.IsEmpty)
        {
            return MayBroadcast(sender)
                ? PolicyDecision.Allowed
                : PolicyDecision.Denied(
                    DenialReason.ClearBroadcastNotAllowed,
                    $"Member '{sender.MemberId}' ({RoleNames.Join(sender.Roles)}) may not broadcast TLP:CLEAR to " +
                    $"everyone: only {BroadcastRoles()} may; name communities or members instead.");
        }

        foreach (var community in audience.Communities)
        {
            var grants = Rules.Grants(sender.Roles, AudienceKind.Communities, label).ToList();
            if (grants.Count == 0)
            {
                return PolicyDecision.Denied(
                    DenialReason.LabelNotAllowedForRole,
                    $"Member '{sender.MemberId}' ({RoleNames.Join(sender.Roles)}) may not publish " +
                    $"{Name(label)} to communities (community '{community}').");
            }

            if (grants.TrueForAll(g => g.OwnCommunitiesOnly) && !sender.Communities.Contains(community))
            {
                return PolicyDecision.Denied(
                    DenialReason.NotMemberOfCommunity,
                    $"Member '{sender.MemberId}' ({RoleNames.Join(sender.Roles)}) may publish {Name(label)} only " +
                    $"to communities it belongs to, and it is not in community '{community}'.");
            }
        }

        if (audience.Members.Count > 0 && !Rules.Grants(sender.Roles, AudienceKind.Members, label).Any())
        {
            return PolicyDecision.Denied(
                DenialReason.LabelNotAllowedForRole,
                $"Member '{sender.MemberId}' ({RoleNames.Join(sender.Roles)}) may not publish {Name(label)} to " +
                $"named members (member '{audience.Members[0]}').");
        }

        return PolicyDecision.Allowed;
    }

    /// <summary>
    /// The exact cleared audience of a publish, after <see cref="CanPublish"/>: the members of the named
    /// communities cleared for the label (uncleared ones are simply not recipients), plus the named members
    /// (each must be in the directory, allowed by the sender's role rules and cleared, or the publish is refused
    /// naming it). For TLP:CLEAR with an empty audience: every directory member. The sender is never expanded
    /// from a community or a broadcast; it is a recipient only if named. An audience that reaches nobody is
    /// refused (<see cref="DenialReason.NoRecipients"/>).
    /// </summary>
    /// <param name="sender">The publisher.</param>
    /// <param name="label">The bundle's label.</param>
    /// <param name="audience">The audience as named in the header.</param>
    /// <param name="directory">The active members (the caller has removed revoked ones).</param>
    public RecipientResolution ResolveRecipients(
        Member sender, Tlp label, Audience audience, IReadOnlyCollection<Member> directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return ResolveRecipients(sender, label, audience, ActiveMemberView.Of(directory));
    }

    /// <summary>
    /// <see cref="ResolveRecipients(Member, Tlp, Audience, IReadOnlyCollection{Member})"/> through a verified
    /// directory's index (<see cref="VerifiedDirectory.ActiveView"/>): the same decisions, in time proportional to
    /// the audience rather than the directory.
    /// </summary>
    /// <param name="sender">The publisher.</param>
    /// <param name="label">The bundle's label.</param>
    /// <param name="audience">The audience as named in the header.</param>
    /// <param name="directory">The active members.</param>
    public RecipientResolution ResolveRecipients(Member sender, Tlp label, Audience audience, ActiveMemberView directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var decision = CanPublish(sender, label, audience);
        if (!decision.IsAllowed)
        {
            return RecipientResolution.Denied(decision);
        }

        return Expand(sender, label, audience, directory, checkRecipientRole: true);
    }

    private RecipientResolution Expand(
        Member sender,
        Tlp label,
        Audience audience,
        ActiveMemberView directory,
        bool checkRecipientRole)
    {
        var recipients = new Dictionary<string, Member>(StringComparer.Ordinal);
        foreach (var id in audience.Members)
        {
            var named = LookUpNamed(sender, id, directory, out var unknown);
            if (named is null)
            {
                return RecipientResolution.Denied(unknown!);
            }

            // Naming oneself discloses nothing, so the recipient-role restriction does not apply to the sender;
            // its clearance still does (its node would hold the copy).
            if (checkRecipientRole && !ReferenceEquals(named, sender) && !MayName(sender, label, named))
            {
                return RecipientResolution.Denied(PolicyDecision.Denied(
                    DenialReason.AudienceNotAllowedForRole,
                    $"Member '{sender.MemberId}' ({RoleNames.Join(sender.Roles)}) may send {Name(label)} to named " +
                    $"members only if they are {RecipientRoles(sender, label)}; member '{id}' is " +
                    $"{RoleNames.Join(named.Roles)}."));
            }

            if (!named.IsClearedFor(label))
            {
                return RecipientResolution.Denied(NotCleared(named, label));
            }

            recipients[id] = named;
        }

        var candidates = audience.IsEmpty ? directory.All : audience.Communities.SelectMany(directory.InCommunity);
        foreach (var member in candidates)
        {
            if (member.MemberId != sender.MemberId && member.IsClearedFor(label))
            {
                recipients[member.MemberId] = member;
            }
        }

        if (recipients.Count == 0)
        {
            return RecipientResolution.Denied(PolicyDecision.Denied(
                DenialReason.NoRecipients,
                $"The {Name(label)} audience of '{sender.MemberId}' ({Describe(audience)}) reaches no cleared " +
                "member other than the sender."));
        }

        return RecipientResolution.Allowed([.. recipients.Values.OrderBy(member => member.MemberId, StringComparer.Ordinal)]);
    }

    private static Member? LookUpNamed(
        Member sender, string id, ActiveMemberView directory, out PolicyDecision? unknown)
    {
        unknown = null;
        if (id == sender.MemberId)
        {
            return sender;
        }

        if (directory.Find(id) is { } member)
        {
            return member;
        }

        unknown = PolicyDecision.Denied(
            DenialReason.UnknownRecipient,
            $"Named member '{id}' is not an active member of the directory (unknown or revoked).");
        return null;
    }

    private static PolicyDecision NotCleared(Member member, Tlp label) => PolicyDecision.Denied(
        DenialReason.RecipientNotCleared,
        $"Named member '{member.MemberId}' is cleared up to {Name(member.Clearance)}, below {Name(label)}: remove " +
        "it from the audience or change the label.");

    private static PolicyDecision CheckShape(Tlp label, Audience audience)
    {
        if (!TlpLabels.IsDefined(label))
        {
            return PolicyDecision.Denied(DenialReason.InvalidLabel, $"{(int)label} is not a TLP label.");
        }

        var malformed = audience.Communities.Select(c => (Kind: "community", Id: c))
            .Concat(audience.Members.Select(m => (Kind: "member", Id: m)))
            .FirstOrDefault(x => !MemberIds.IsValid(x.Id));
        if (malformed.Id is not null)
        {
            return PolicyDecision.Denied(
                DenialReason.MalformedId,
                $"The audience's {malformed.Kind} id '{malformed.Id}' is malformed: ids match {MemberIds.Pattern}.");
        }

        if (audience.IsEmpty && label != Tlp.Clear)
        {
            return PolicyDecision.Denied(
                DenialReason.EmptyAudience,
                $"A {Name(label)} audience must name communities or members: only TLP:CLEAR goes to everyone.");
        }

        if (label == Tlp.Red && audience.Communities.Count > 0)
        {
            return PolicyDecision.Denied(
                DenialReason.RedRequiresNamedMembers,
                $"TLP:RED goes to named members only, never to a community (community '{audience.Communities[0]}').");
        }

        return PolicyDecision.Allowed;
    }

    private bool MayBroadcast(Member member) => Rules.Grants(member.Roles, AudienceKind.Everyone, Tlp.Clear).Any();

    private bool MayName(Member sender, Tlp label, Member recipient) =>
        Rules.Grants(sender.Roles, AudienceKind.Members, label)
            .Any(g => g.RecipientRoles is null || g.RecipientRoles.Overlaps(recipient.Roles));

    private string BroadcastRoles() => RoleNames.Join(
        Rules.Rules.Where(r => r.Audience == AudienceKind.Everyone).Select(r => r.Role).Distinct());

    private string RecipientRoles(Member sender, Tlp label) => RoleNames.Join(
        Rules.Grants(sender.Roles, AudienceKind.Members, label)
            .SelectMany(g => g.RecipientRoles ?? Enumerable.Empty<Role>())
            .Distinct());

    private static string Name(Tlp label) =>
        TlpLabels.IsDefined(label) ? TlpLabels.ToLabelString(label) : $"label {(int)label}";

    private static string Describe(Audience audience) => audience.IsEmpty
        ? "everyone"
        : $"communities [{string.Join(", ", audience.Communities)}], members [{string.Join(", ", audience.Members)}]";
}
