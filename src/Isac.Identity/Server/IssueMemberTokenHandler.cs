using System.Security.Claims;
using Isac.Core.Tokens;
using Isac.Identity.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Isac.Identity.Server;

/// <summary>
/// Issues the access token of a client-credentials request that <see cref="ValidateMemberClientHandler"/>
/// accepted: subject = the member id, audience = the broker, scopes = those requested (or, if none were, the
/// member's default: publish and subscribe). OpenIddict adds <c>client_id</c>, the lifetime and the
/// certificate binding (<c>cnf</c>).
/// </summary>
internal sealed class IssueMemberTokenHandler(IOptions<IdentityOptions> options) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseScopedHandler<IssueMemberTokenHandler>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.IsClientCredentialsGrantType() || string.IsNullOrEmpty(context.ClientId))
        {
            return ValueTask.CompletedTask;
        }

        var scopes = context.Request.GetScopes();
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Subject, Claims.Role);
        identity.SetClaim(Claims.Subject, context.ClientId);
        identity.SetScopes(scopes.IsEmpty ? [IsacScopes.Publish, IsacScopes.Subscribe] : scopes);
        identity.SetAudiences(options.Value.Audience);
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        context.SignIn(new ClaimsPrincipal(identity));
        return ValueTask.CompletedTask;
    }
}
