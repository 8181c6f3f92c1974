using Isac.Broker.Membership;
using Isac.Core.Pki;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Isac.Broker.Tokens;

/// <summary>
/// The token checks on one call, in order: a bearer token is present; OpenIddict validates it (signature by the
/// identity service's published key, issuer, audience, lifetime, and the certificate binding: the token's
/// <c>cnf</c> <c>x5t#S256</c> must be the SHA-256 thumbprint of the client certificate of this connection); the
/// token is certificate-bound at all; its subject is the member named by that certificate; that member is active in
/// the broker's current directory (so a revocation refuses tokens that have not expired yet); and it carries the
/// scope the method needs (<see cref="TokenScopes"/>).
/// </summary>
internal static class AccessTokenChecks
{
    /// <summary>The <c>HttpContext.Items</c> key under which an accepted call's member id is left for later stages.</summary>
    public const string MemberIdItem = "isac:token-member-id";

    /// <summary>The <c>HttpContext.Items</c> key under which an accepted call's token expiry is left (a <see cref="DateTimeOffset"/>).</summary>
    public const string ExpiresAtItem = "isac:token-expires-at";

    /// <summary>The refusal reason (counted and audited) of a call by a member the current directory does not hold as active.</summary>
    public const string RevokedReason = "member-revoked";

    public static async Task<TokenDecision> CheckAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Headers.Authorization.Any(value => value?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true))
        {
            return TokenDecision.Unauthenticated("an access token is required (authorization: Bearer <token> from the identity service)");
        }

        // What UseAuthentication does for request-handling schemes: OpenIddict sets up its per-request state here.
        // Done directly so the checks can run first in the pipeline without authenticating every other scheme.
        var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
        if (await handlers.GetHandlerAsync(context, OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme).ConfigureAwait(false) is IAuthenticationRequestHandler handler
            && await handler.HandleRequestAsync().ConfigureAwait(false))
        {
            return TokenDecision.Unauthenticated("the token validation ended the request");
        }

        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (!result.Succeeded && Item(result, OpenIddictValidationAspNetCoreConstants.Properties.Error) == Errors.ServerError)
        {
            // Not the caller's fault: the identity service (discovery, key set) could not be reached or answered badly.
            return TokenDecision.Unavailable($"the identity service's signing keys cannot be retrieved: {DescribeFailure(result)}");
        }

        if (!result.Succeeded || result.Principal is null)
        {
            return TokenDecision.Unauthenticated($"the access token is refused: {DescribeFailure(result)}");
        }

        var principal = result.Principal;
        if (!principal.HasClaim(claim => claim.Type == Claims.Confirmation))
        {
            return TokenDecision.Unauthenticated("the access token is not bound to a client certificate (no cnf claim)");
        }

        var subject = principal.GetClaim(Claims.Subject);
        var certificate = context.Connection.ClientCertificate;
        var certificateMember = certificate is null ? null : MemberCertificates.GetMemberId(certificate);
        if (subject is null || !string.Equals(subject, certificateMember, StringComparison.Ordinal))
        {
            return TokenDecision.Unauthenticated($"the access token's member '{subject}' is not the member of the client certificate ('{certificateMember}')");
        }

        // A revocation cuts off the member's tokens at once, not when they expire: the broker's current directory
        // decides on every call, whatever the token says.
        if (context.RequestServices.GetService<BrokerDirectory>() is { IsLoaded: true } directory && directory.Current.FindActive(subject) is null)
        {
            return TokenDecision.Revoked($"{RevokedReason}: '{subject}' is revoked or not an active member at directory version {directory.Current.Version}; its access tokens are refused");
        }

        var path = context.Request.Path.Value ?? string.Empty;
        var required = TokenScopes.RequiredFor(path);
        if (required is null)
        {
            return TokenDecision.PermissionDenied($"{path} has no scope assigned, so no token may call it");
        }

        if (!principal.HasScope(required))
        {
            var granted = string.Join(' ', principal.GetScopes());
            return TokenDecision.PermissionDenied($"{path} requires scope '{required}'; the access token has '{granted}'");
        }

        return TokenDecision.Accepted(subject, principal.GetExpirationDate());
    }

    private static string DescribeFailure(AuthenticateResult result) =>
        Item(result, OpenIddictValidationAspNetCoreConstants.Properties.ErrorDescription) is { Length: > 0 } description
            ? description
            : result.Failure?.Message ?? "it could not be validated";

    private static string? Item(AuthenticateResult result, string key) =>
        result.Properties?.Items.TryGetValue(key, out var value) == true ? value : null;
}
