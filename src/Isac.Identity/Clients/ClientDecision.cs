using Isac.Core.Membership;

namespace Isac.Identity.Clients;

/// <summary>Whether a member may obtain tokens, and which scopes; a refusal says why.</summary>
/// <param name="Member">The active member, or null when refused.</param>
/// <param name="AllowedScopes">The scopes it may request (empty when refused).</param>
/// <param name="Reason">Why the member was refused (empty when allowed).</param>
internal sealed record ClientDecision(Member? Member, IReadOnlySet<string> AllowedScopes, string Reason)
{
    public bool IsAllowed => Member is not null;

    public static ClientDecision Allowed(Member member, IReadOnlySet<string> scopes) => new(member, scopes, string.Empty);

    public static ClientDecision Refused(string reason) => new(null, new HashSet<string>(), reason);
}
