namespace Isac.Broker.Security;

/// <summary>Names shared by the broker's authentication and authorization.</summary>
internal static class MemberAuthentication
{
    /// <summary>The claim that carries the caller's member id (from its certificate's SAN URI).</summary>
    public const string MemberIdClaimType = "urn:isac:member-id";

    /// <summary>The authorization policy every endpoint requires: an authenticated member.</summary>
    public const string PolicyName = "member";

    /// <summary>The status message of a call without an authenticated member.</summary>
    public const string MemberIdRequired = "client certificate with a member id required";
}
