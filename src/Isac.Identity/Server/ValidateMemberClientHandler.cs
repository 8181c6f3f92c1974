using Isac.Core.Tokens;
using Isac.Identity.Clients;
using Isac.Identity.Diagnostics;
using Isac.Identity.Security;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Isac.Identity.Server;

/// <summary>
/// Client authentication for the token endpoint, <c>tls_client_auth</c> (RFC 8705) with the hub CA as the only
/// trust anchor: the TLS client certificate must chain to the hub CA, name the member in its SAN URI, and that
/// member must be the request's <c>client_id</c> and an active member of the roster. Then every requested scope
/// must be one the member is allowed. Each refusal names its reason in <c>error_description</c>.
/// </summary>
/// <remarks>
/// The server runs in OpenIddict's degraded mode (clients come from the signed roster, not a database), in which
/// OpenIddict leaves client authentication to the host; this handler is that authentication. Certificate binding
/// of the issued token (<c>cnf</c> / <c>x5t#S256</c>) is OpenIddict's own (<c>UseClientCertificateBoundAccessTokens</c>).
/// </remarks>
internal sealed class ValidateMemberClientHandler(IdentityCertificates certificates, MemberRoster roster, ILogger<ValidateMemberClientHandler> logger)
    : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<ValidateMemberClientHandler>()
            // Before OpenIddict's own client-credentials checks, whose refusal of a request without a certificate
            // would speak of client secrets and assertions, which this service never accepts.
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateClientCredentialsParameters.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var refusal = Check(context);
        if (refusal is not null)
        {
            logger.TokenRequestRefused(refusal.Value.Error, refusal.Value.Description);
            context.Reject(refusal.Value.Error, refusal.Value.Description);
        }

        return ValueTask.CompletedTask;
    }

    private (string Error, string Description)? Check(ValidateTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType())
        {
            return (Errors.UnsupportedGrantType, "only the client_credentials grant is supported");
        }

        var certificate = context.Transaction.RemoteCertificate;
        if (certificate is null)
        {
            return (Errors.InvalidClient, "a client certificate issued by the hub CA is required (tls_client_auth)");
        }

        var decision = certificates.Trust.ValidateClientCertificate(certificate);
        if (!decision.IsAccepted)
        {
            return (Errors.InvalidClient, $"the client certificate is refused: {decision.Reason}");
        }

        var memberId = decision.MemberId!;
        if (!string.Equals(context.ClientId, memberId, StringComparison.Ordinal))
        {
            return (Errors.InvalidClient, $"client_id '{context.ClientId}' does not match the certificate's member '{memberId}'");
        }

        var client = roster.Find(memberId);
        if (!client.IsAllowed)
        {
            return (Errors.InvalidClient, client.Reason);
        }

        foreach (var scope in context.Request.GetScopes())
        {
            if (!IsacScopes.All.Contains(scope, StringComparer.Ordinal))
            {
                return (Errors.InvalidScope, $"scope '{scope}' is unknown (known: {string.Join(", ", IsacScopes.All)})");
            }

            if (!client.AllowedScopes.Contains(scope))
            {
                return (Errors.InvalidScope, $"member '{memberId}' may not request scope '{scope}'");
            }
        }

        return null;
    }
}
