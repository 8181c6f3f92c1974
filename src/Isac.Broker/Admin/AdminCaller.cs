using Isac.Broker.Membership;
using Isac.Broker.Tokens;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Isac.Broker.Admin;

/// <summary>
/// Defence in depth behind the token middleware (which is the gate, through <see cref="TokenScopes"/>): the
/// admin service itself checks that this call's validated access token carries <c>isac.admin</c>, names the
/// member of the client certificate, and that this member is active in the current directory. Without token
/// checks in the host the admin API refuses every call: it never falls back to the certificate alone.
/// </summary>
internal static class AdminCaller
{
    /// <summary>Returns the admin member id, or throws an <see cref="AdminRefusedException"/> (<c>PermissionDenied</c>).</summary>
    public static async Task<string> RequireAdminAsync(HttpContext context, string certificateMemberId, BrokerDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directory);
        if (context.Items[AccessTokenChecks.MemberIdItem] is not string tokenMemberId)
        {
            throw AdminRefusals.NotAdmin("the admin API needs an access token with scope 'isac.admin'; this broker did not check one");
        }

        AuthenticateResult result;
        try
        {
            // The token middleware authenticated this request already; the handler returns that same result.
            result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            throw AdminRefusals.NotAdmin("the admin API needs access-token validation, which this broker does not run");
        }

        if (!result.Succeeded || result.Principal is null || !result.Principal.HasScope(TokenScopes.Admin))
        {
            throw AdminRefusals.NotAdmin($"the access token does not carry scope '{TokenScopes.Admin}'");
        }

        var subject = result.Principal.GetClaim(Claims.Subject);
        if (subject != tokenMemberId || subject != certificateMemberId)
        {
            throw AdminRefusals.NotAdmin($"the access token's member '{subject}' is not the member of the client certificate ('{certificateMemberId}')");
        }

        if (directory.Current.FindActive(certificateMemberId) is null)
        {
            throw AdminRefusals.NotAdmin($"'{certificateMemberId}' is not an active member of the directory (revoked, expired or unknown)");
        }

        return certificateMemberId;
    }
}
