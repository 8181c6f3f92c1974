using System.Globalization;
using System.Text;
using Grpc.Core;
using Isac.Broker.Configuration;
using Isac.Broker.Diagnostics;
using Isac.Broker.Publishing;
using Isac.Core.Pki;
using Isac.Storage;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Tokens;

/// <summary>
/// Runs <see cref="AccessTokenChecks"/> before anything else on every call and answers a refusal as a gRPC
/// "trailers-only" response (<c>Unauthenticated</c> or <c>PermissionDenied</c>, or <c>Unavailable</c> when the
/// identity service cannot be reached, with the reason), so the call never reaches a service. Every refusal is
/// counted (<see cref="BrokerMetrics"/>); a revoked member's call is also written to the audit chain.
/// </summary>
internal sealed class TokenValidationMiddleware(RequestDelegate next, ILogger<TokenValidationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decision = await AccessTokenChecks.CheckAsync(context).ConfigureAwait(false);
        if (decision.IsAccepted)
        {
            context.Items[AccessTokenChecks.MemberIdItem] = decision.MemberId;
            if (decision.ExpiresAt is { } expiresAt)
            {
                context.Items[AccessTokenChecks.ExpiresAtItem] = expiresAt;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        // The broker's counter and audit chain; a host that only borrows the token checks has neither.
        var services = context.RequestServices;
        services.GetService<BrokerMetrics>()?.Refused(CounterReason(decision));
        if (decision.IsRevocation && services.GetService<IAuditLog>() is { } audit)
        {
            var brokerId = services.GetRequiredService<IOptions<BrokerOptions>>().Value.BrokerId;
            await AuditRevokedCallAsync(context, audit, brokerId, services.GetRequiredService<TimeProvider>(), path, decision.Reason).ConfigureAwait(false);
        }

        logger.TokenRefused(path, decision.Status, decision.Reason);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)decision.Status).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(decision.Reason);
    }

    // The refusal counter's reason: revoked members, the identity service out of reach, or a token that is missing,
    // invalid, unbound or bound to another member (Unauthenticated), or lacks the method's scope (PermissionDenied).
    private static string CounterReason(TokenDecision decision) =>
        decision.IsRevocation ? AccessTokenChecks.RevokedReason
        : decision.Status switch
        {
            StatusCode.Unavailable => "identity-unavailable",
            StatusCode.PermissionDenied => "token-scope",
            _ => "token-refused",
        };

    // A revoked member still calling is a security event: its call is written to the audit chain (metadata only).
    // A store that cannot take the record does not turn the refusal into an acceptance; it is logged instead.
    private async Task AuditRevokedCallAsync(HttpContext context, IAuditLog audit, string brokerId, TimeProvider time, string path, string reason)
    {
        var member = context.Connection.ClientCertificate is { } certificate ? MemberCertificates.GetMemberId(certificate) ?? "(no member)" : "(no member)";
        try
        {
            await audit.AppendAuditAsync(brokerId, new AuditRecord("call", [], member, 0, "refused", $"{path}: {reason}", time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (PublishPipeline.IsStoreFailure(ex))
        {
            logger.TokenRefusalNotAudited(ex, path, member);
        }
    }

    // gRPC's grpc-message encoding: printable ASCII except '%' as is, everything else as %XX of its UTF-8 bytes.
    private static string PercentEncode(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
