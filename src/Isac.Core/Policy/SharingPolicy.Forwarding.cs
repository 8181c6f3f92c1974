using Isac.Core.Labels;
using Isac.Core.Membership;

namespace Isac.Core.Policy;

public sealed partial class SharingPolicy
{
    /// <summary>
    /// Checks a forward (re-share by a recipient) against the original, by the TLP 2.0 re-share rule of the
    /// ORIGINAL label: the information's label decides how far it may travel, and raising the label only
    /// narrows what the new recipients may do. Rules: never a lower label; RED never; AMBER+STRICT never (sharing
    /// inside the forwarder's organization happens in its node, not through the hub); AMBER only to the
    /// forwarder's declared clients, by name; GREEN only inside the original audience's communities (new
    /// communities among the original ones, each named member in one of them); CLEAR freely, except that a
    /// broadcast to everyone needs the CLEAR-broadcast right. The new label's own audience shape also applies
    /// (RED to named members only; only CLEAR to everyone). Publish role rules do not apply: a forward
    /// re-shares, it does not author. Named members must be active members; their clearance is checked by
    /// <see cref="ResolveForwardRecipients(Member, Tlp, Audience, Tlp, Audience, ActiveMemberView)"/>.
    /// </summary>
    /// <param name="forwarder">The recipient of the original that forwards it.</param>
    /// <param name="originalLabel">The original header's label.</param>
    /// <param name="originalAudience">The original header's audience.</param>
    /// <param name="newLabel">The forward's label.</param>
    /// <param name="newAudience">The forward's audience.</param>
    /// <param name="directory">The active members (the caller has removed revoked ones).</param>
    public PolicyDecision CanForward(
        Member forwarder,
        Tlp originalLabel,
        Audience originalAudience,
        Tlp newLabel,
        Audience newAudience,
        IReadOnlyCollection<Member> directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return CanForward(forwarder, originalLabel, originalAudience, newLabel, newAudience, ActiveMemberView.Of(directory));
    }

    /// <summary>
    /// <see cref="CanForward(Member, Tlp, Audience, Tlp, Audience, IReadOnlyCollection{Member})"/> through a
    /// verified directory's index (<see cref="VerifiedDirectory.ActiveView"/>).
    /// </summary>
    public PolicyDecision CanForward(
        Member forwarder,
        Tlp originalLabel,
        Audience originalAudience,
        Tlp newLabel,
        Audience newAudience,
        ActiveMemberView directory)
    {
        ArgumentNullException.ThrowIfNull(forwarder);
        ArgumentNullException.ThrowIfNull(originalAudience);
        ArgumentNullException.ThrowIfNull(newAudience);
        ArgumentNullException.ThrowIfNull(directory);
        return CheckForward(forwarder, originalLabel, originalAudience, newLabel, newAudience, directory);
    }

    /// <summary>
    /// The exact cleared audience of a forward, after <see cref="CanForward(Member, Tlp, Audience, Tlp, Audience, ActiveMemberView)"/>: expanded like a publish (named
    /// communities' cleared members, named members who must exist and be cleared for the new label, the
    /// forwarder excluded unless named), without the publish role rules.
    /// </summary>
    public RecipientResolution ResolveForwardRecipients(
        Member forwarder,
        Tlp originalLabel,
        Audience originalAudience,
        Tlp newLabel,
        Audience newAudience,
        IReadOnlyCollection<Member> directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return ResolveForwardRecipients(forwarder, originalLabel, originalAudience, newLabel, newAudience, ActiveMemberView.Of(directory));
    }

    /// <summary>
    /// <see cref="ResolveForwardRecipients(Member, Tlp, Audience, Tlp, Audience, IReadOnlyCollection{Member})"/>
    /// through a verified directory's index (<see cref="VerifiedDirectory.ActiveView"/>).
    /// </summary>
    public RecipientResolution ResolveForwardRecipients(
        Member forwarder,
        Tlp originalLabel,
        Audience originalAudience,
        Tlp newLabel,
        Audience newAudience,
        ActiveMemberView directory)
    {
        ArgumentNullException.ThrowIfNull(forwarder);
        ArgumentNullException.ThrowIfNull(originalAudience);
        ArgumentNullException.ThrowIfNull(newAudience);
        ArgumentNullException.ThrowIfNull(directory);
        var decision = CheckForward(forwarder, originalLabel, originalAudience, newLabel, newAudience, directory);
        return decision.IsAllowed
            ? Expand(forwarder, newLabel, newAudience, directory, checkRecipientRole: false)
            : RecipientResolution.Denied(decision);
    }

    private PolicyDecision CheckForward(
        Member forwarder,
        Tlp originalLabel,
        Audience originalAudience,
        Tlp newLabel,
        Audience newAudience,
        ActiveMemberView directory)
    {
        if (!TlpLabels.IsDefined(originalLabel))
        {
            return PolicyDecision.Denied(
                DenialReason.InvalidLabel, $"The original's label {(int)originalLabel} is not a TLP label.");
        }

        if (originalLabel == Tlp.Red)
        {
            return PolicyDecision.Denied(
                DenialReason.ForwardRedNever,
                $"TLP:RED is never re-shared: '{forwarder.MemberId}' may not forward it.");
        }

        if (originalLabel == Tlp.AmberStrict)
        {
            return PolicyDecision.Denied(
                DenialReason.ForwardAmberStrictNever,
                "TLP:AMBER+STRICT is re-shared only inside the recipient's organization, which its node does; " +
                $"'{forwarder.MemberId}' may not forward it through the hub.");
        }

        var shape = CheckShape(newLabel, newAudience);
        if (shape.Reason == DenialReason.InvalidLabel)
        {
            return shape;
        }

        if (newLabel < originalLabel)
        {
            return PolicyDecision.Denied(
                DenialReason.ForwardLowersLabel,
                $"A forward may not lower the label: '{forwarder.MemberId}' forwards {Name(originalLabel)} as " +
                $"{Name(newLabel)}.");
        }

        if (!shape.IsAllowed)
        {
            return shape;
        }

        foreach (var id in newAudience.Members)
        {
            if (LookUpNamed(forwarder, id, directory, out var unknown) is null)
            {
                return unknown!;
            }
        }

        return originalLabel switch
        {
            Tlp.Clear => CheckClearForward(forwarder, newAudience),
            Tlp.Green => CheckGreenForward(forwarder, originalAudience, newAudience, directory),
            _ => CheckAmberForward(forwarder, newAudience),
        };
    }

    private PolicyDecision CheckClearForward(Member forwarder, Audience newAudience) =>
        !newAudience.IsEmpty || MayBroadcast(forwarder)
            ? PolicyDecision.Allowed
            : PolicyDecision.Denied(
                DenialReason.ForwardClearBroadcastNotAllowed,
                $"TLP:CLEAR re-shares freely, but '{forwarder.MemberId}' ({RoleNames.Join(forwarder.Roles)}) may " +
                $"not broadcast to everyone: only {BroadcastRoles()} may; name communities or members instead.");

    private static PolicyDecision CheckGreenForward(
        Member forwarder, Audience originalAudience, Audience newAudience, ActiveMemberView directory)
    {
        var original = originalAudience.Communities;
        var originalList = string.Join(", ", original);
        if (original.Count == 0)
        {
            return PolicyDecision.Denied(
                DenialReason.ForwardGreenOutsideCommunities,
                $"TLP:GREEN re-shares only inside the original audience's communities, and the original named none: " +
                $"'{forwarder.MemberId}' may not forward it.");
        }

        foreach (var community in newAudience.Communities)
        {
            if (!original.Contains(community, StringComparer.Ordinal))
            {
                return PolicyDecision.Denied(
                    DenialReason.ForwardGreenOutsideCommunities,
                    $"TLP:GREEN re-shares only inside the original audience's communities ({originalList}); " +
                    $"community '{community}' is not one of them.");
            }
        }

        foreach (var id in newAudience.Members)
        {
            // Known: CheckForward looked every named member up before.
            var member = LookUpNamed(forwarder, id, directory, out _)!;
            if (!original.Any(member.Communities.Contains))
            {
                return PolicyDecision.Denied(
                    DenialReason.ForwardGreenOutsideCommunities,
                    $"TLP:GREEN re-shares only inside the original audience's communities ({originalList}); " +
                    $"member '{id}' is in none of them.");
            }
        }

        return PolicyDecision.Allowed;
    }

    private static PolicyDecision CheckAmberForward(Member forwarder, Audience newAudience)
    {
        if (newAudience.Communities.Count > 0)
        {
            return PolicyDecision.Denied(
                DenialReason.ForwardAmberOnlyToClients,
                $"TLP:AMBER re-shares only to the forwarder's declared clients, by name, never to a community " +
                $"(community '{newAudience.Communities[0]}').");
        }

        foreach (var id in newAudience.Members)
        {
            if (!forwarder.Clients.Contains(id))
            {
                return PolicyDecision.Denied(
                    DenialReason.ForwardAmberOnlyToClients,
                    $"TLP:AMBER re-shares only to the forwarder's declared clients; member '{id}' is not a declared " +
                    $"client of '{forwarder.MemberId}'.");
            }
        }

        return PolicyDecision.Allowed;
    }
}
