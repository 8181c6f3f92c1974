using System.Globalization;
using System.Security.Claims;
using Grpc.Core;
using Isac.Broker.Diagnostics;
using Isac.Core.Pki;
using Microsoft.AspNetCore.Authentication.Certificate;

namespace Isac.Broker.Security;

/// <summary>
/// Turns a hub-CA client certificate into a principal with exactly one claim, the member id from its SAN URI;
/// refuses a certificate without one; and answers an unauthenticated gRPC call with <c>Unauthenticated</c>
/// (the handler's default, HTTP 403, would reach the client as <c>PermissionDenied</c> with no reason).
/// </summary>
internal sealed class MemberCertificateEvents(BrokerMetrics metrics, ILogger<MemberCertificateEvents> logger) : CertificateAuthenticationEvents
{
    public override Task CertificateValidated(CertificateValidatedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var memberId = MemberCertificates.GetMemberId(context.ClientCertificate);
        if (memberId is null)
        {
            // Counted and logged by AuthenticationFailed, which the handler calls for every failed result.
            context.Fail(MemberAuthentication.MemberIdRequired);
            return Task.CompletedTask;
        }

        var identity = new ClaimsIdentity(
            [new Claim(MemberAuthentication.MemberIdClaimType, memberId, ClaimValueTypes.String, context.Options.ClaimsIssuer)],
            context.Scheme.Name,
            MemberAuthentication.MemberIdClaimType,
            roleType: null);
        context.Principal = new ClaimsPrincipal(identity);
        context.Success();
        logger.MemberAuthenticated(memberId);
        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(CertificateAuthenticationFailedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reason = context.Exception.Message == MemberAuthentication.MemberIdRequired
            ? RefusalReasons.ClientCertificateWithoutMemberId
            : RefusalReasons.ClientCertificateInvalid;
        var subject = context.HttpContext.Connection.ClientCertificate?.Subject ?? "(none)";
        Refuse(reason, $"{context.Exception.Message} (subject {subject})");
        return Task.CompletedTask;
    }

    public override Task Challenge(CertificateChallengeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HandleResponse();
        // A gRPC "trailers-only" response: the status travels in the response headers.
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)StatusCode.Unauthenticated).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = MemberAuthentication.MemberIdRequired;
        return Task.CompletedTask;
    }

    private void Refuse(string reason, string detail)
    {
        metrics.Refused(reason);
        using (logger.BeginRefusalScope(reason))
        {
            logger.AuthenticationRefused(detail);
        }
    }
}
