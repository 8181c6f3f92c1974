using Isac.Core.Labels;
using Isac.Core.Membership;

namespace Isac.Core.Policy;

/// <summary>
/// One grant of the role rules: members with <paramref name="Role"/> may publish the <paramref name="Labels"/>
/// to the <paramref name="Audience"/> kind. Rules are data (see <see cref="RoleRules.Default"/>); a member with
/// several roles gets the union of their grants.
/// </summary>
/// <param name="Role">The role this grant belongs to.</param>
/// <param name="Audience">The kind of audience granted.</param>
/// <param name="Labels">The labels granted for that audience.</param>
/// <param name="OwnCommunitiesOnly">For <see cref="AudienceKind.Communities"/>: only communities the sender is
/// in.</param>
/// <param name="RecipientRoles">For <see cref="AudienceKind.Members"/>: the named members must hold one of these
/// roles; null for any member.</param>
public sealed record PublishRule(
    Role Role,
    AudienceKind Audience,
    IReadOnlySet<Tlp> Labels,
    bool OwnCommunitiesOnly = false,
    IReadOnlySet<Role>? RecipientRoles = null);
