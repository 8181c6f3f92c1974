using System.Security.Claims;
using Grpc.Core;

namespace Isac.Broker.Security;

/// <summary>Who is calling a gRPC method.</summary>
internal static class CallerIdentity
{
    /// <summary>
    /// The authenticated caller's member id. Throws <see cref="RpcException"/> <c>Unauthenticated</c> if there is
    /// none: the authorization policy should have stopped such a call already, so this fails closed behind it.
    /// </summary>
    public static string GetMemberId(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return GetMemberId(context.GetHttpContext().User)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, MemberAuthentication.MemberIdRequired));
    }

    /// <summary>The member id of an authenticated principal, or null.</summary>
    public static string? GetMemberId(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? user.FindFirst(MemberAuthentication.MemberIdClaimType)?.Value : null;
}
