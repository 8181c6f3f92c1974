using Grpc.Core;

namespace Isac.Broker.Tokens;

/// <summary>The outcome of the token checks on one call; a refusal carries the gRPC status and the reason.</summary>
/// <param name="Status">The status to answer with (<c>OK</c> when accepted).</param>
/// <param name="Reason">Why the call was refused, for the caller and the log (empty when accepted).</param>
/// <param name="MemberId">The token's member when accepted.</param>
/// <param name="IsRevocation">The refusal is a revoked (or no longer active) member's call: audited as well as counted.</param>
/// <param name="ExpiresAt">When an accepted token expires (a stream opened with it ends then).</param>
internal sealed record TokenDecision(StatusCode Status, string Reason, string? MemberId, bool IsRevocation = false, DateTimeOffset? ExpiresAt = null)
{
    public bool IsAccepted => Status == StatusCode.OK;

    public static TokenDecision Accepted(string memberId, DateTimeOffset? expiresAt) => new(StatusCode.OK, string.Empty, memberId, ExpiresAt: expiresAt);

    public static TokenDecision Unauthenticated(string reason) => new(StatusCode.Unauthenticated, reason, null);

    public static TokenDecision PermissionDenied(string reason) => new(StatusCode.PermissionDenied, reason, null);

    public static TokenDecision Revoked(string reason) => new(StatusCode.PermissionDenied, reason, null, IsRevocation: true);

    public static TokenDecision Unavailable(string reason) => new(StatusCode.Unavailable, reason, null);
}
