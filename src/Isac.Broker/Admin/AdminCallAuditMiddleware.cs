using System.Globalization;
using Grpc.Core;
using Isac.Broker.Tokens;
using Isac.Core.Pki;
using Microsoft.AspNetCore.Http.Features;

namespace Isac.Broker.Admin;

/// <summary>
/// Audits the admin calls that never reached <see cref="AdminService"/>: refused by the token checks (no token,
/// no <c>isac.admin</c> scope) or by authentication. It runs outermost, lets the call through unchanged, and
/// afterwards writes the refusal with the status the caller got. The request body is not read, so the target
/// of such a call is unknown.
/// </summary>
internal sealed class AdminCallAuditMiddleware(RequestDelegate next)
{
    private const string AdminPathPrefix = "/isac.v1.Admin/";

    public async Task InvokeAsync(HttpContext context, AdminAudit audit)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(audit);
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(AdminPathPrefix, StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
        if (context.Items.ContainsKey(AdminAudit.AuditedItem))
        {
            return;
        }

        var status = Header(context, "grpc-status") ?? "(none)";
        var message = Uri.UnescapeDataString(Header(context, "grpc-message") ?? string.Empty);
        var actor = context.Items[AccessTokenChecks.MemberIdItem] as string
            ?? (context.Connection.ClientCertificate is { } certificate ? MemberCertificates.GetMemberId(certificate) : null)
            ?? "(no member)";
        var code = int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? (StatusCode)number : StatusCode.Unknown;
        var reason = code is StatusCode.PermissionDenied or StatusCode.Unauthenticated ? "admin-not-authorized" : "admin-failed";
        await audit.RefusedAsync(context, actor, ActionOf(path[AdminPathPrefix.Length..]), "(not read)", reason, $"{code}: {message}", CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The audit action of an admin method, as <see cref="AdminService"/> names it.</summary>
    public static string ActionOf(string method) => method switch
    {
        "ListMembers" => "list",
        "ApproveMember" => "approve",
        "RotateMember" => "rotate",
        "RevokeMember" => "revoke",
        _ => "unknown-method",
    };

    // A refusal before the service is a trailers-only response: its status is in the headers.
    private static string? Header(HttpContext context, string name) =>
        context.Response.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value[0]
        : context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { } trailers && trailers.TryGetValue(name, out var trailer) && trailer.Count > 0 ? trailer[0]
        : null;
}
