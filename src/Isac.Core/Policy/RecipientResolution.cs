using Isac.Core.Membership;

namespace Isac.Core.Policy;

/// <summary>
/// The exact cleared audience of a publish or forward: the decision and, when allowed, the recipients in
/// ordinal order of member id (empty when denied).
/// </summary>
public sealed record RecipientResolution
{
    private RecipientResolution(PolicyDecision decision, IReadOnlyList<Member> recipients)
    {
        Decision = decision;
        Recipients = recipients;
    }

    /// <summary>Whether the publish or forward is allowed, and why not.</summary>
    public PolicyDecision Decision { get; }

    /// <summary>The recipients, sorted by member id (ordinal); empty when denied.</summary>
    public IReadOnlyList<Member> Recipients { get; }

    /// <summary>Shorthand for <c>Decision.IsAllowed</c>.</summary>
    public bool IsAllowed => Decision.IsAllowed;

    internal static RecipientResolution Allowed(IReadOnlyList<Member> recipients) =>
        new(PolicyDecision.Allowed, recipients);

    internal static RecipientResolution Denied(PolicyDecision decision) => new(decision, []);
}
