namespace Isac.Core.Policy;

/// <summary>Why the sharing policy refused a publish or a forward. Stable: the names reach gRPC statuses and the
/// audit log.</summary>
public enum DenialReason
{
    /// <summary>Not a denial: the decision allows.</summary>
    None = 0,

    /// <summary>The label is not one of the five TLP labels.</summary>
    InvalidLabel,

    /// <summary>A community or member id in the audience does not match <c>[a-z0-9][a-z0-9.:-]{0,63}</c>.</summary>
    MalformedId,

    /// <summary>The audience is empty and the label is not TLP:CLEAR (only CLEAR may go to everyone).</summary>
    EmptyAudience,

    /// <summary>TLP:RED names a community: RED goes to named members only, whatever the sender's roles.</summary>
    RedRequiresNamedMembers,

    /// <summary>None of the sender's roles may publish this label to this kind of audience.</summary>
    LabelNotAllowedForRole,

    /// <summary>The sender's roles may publish this label to named members only of certain roles, and a named
    /// member has none of them.</summary>
    AudienceNotAllowedForRole,

    /// <summary>The sender's roles may publish this label only to their own communities, and the sender is not
    /// in a named community.</summary>
    NotMemberOfCommunity,

    /// <summary>A TLP:CLEAR broadcast to everyone from a member none of whose roles may broadcast.</summary>
    ClearBroadcastNotAllowed,

    /// <summary>A named member is not in the directory (unknown or revoked).</summary>
    UnknownRecipient,

    /// <summary>A named member's clearance is below the label.</summary>
    RecipientNotCleared,

    /// <summary>The audience resolves to nobody (for example, no cleared member in the named communities).</summary>
    NoRecipients,

    /// <summary>A forward carries a lower label than the original.</summary>
    ForwardLowersLabel,

    /// <summary>The original is TLP:RED, which is never re-shared.</summary>
    ForwardRedNever,

    /// <summary>The original is TLP:AMBER+STRICT, re-shared only inside the recipient's organization, which its
    /// node does without the hub.</summary>
    ForwardAmberStrictNever,

    /// <summary>The original is TLP:AMBER and the forward names a community or a member that is not one of the
    /// forwarder's declared clients.</summary>
    ForwardAmberOnlyToClients,

    /// <summary>The original is TLP:GREEN and the forward reaches outside the original audience's communities.</summary>
    ForwardGreenOutsideCommunities,

    /// <summary>The original is TLP:CLEAR and the forward broadcasts to everyone from a member none of whose roles
    /// may broadcast.</summary>
    ForwardClearBroadcastNotAllowed,
}
