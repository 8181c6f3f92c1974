namespace Isac.Core.Membership;

/// <summary>A decision the directory's freshness makes (e.g. whether a node may seal a label), with its reason.</summary>
/// <param name="Allowed">True if the action may go ahead.</param>
/// <param name="Reason">Why, for the caller's error message and the audit log.</param>
public sealed record DirectoryDecision(bool Allowed, string Reason)
{
    /// <summary>An allowed action.</summary>
    public static DirectoryDecision Allow(string reason) => new(true, reason);

    /// <summary>A refused action.</summary>
    public static DirectoryDecision Deny(string reason) => new(false, reason);
}
