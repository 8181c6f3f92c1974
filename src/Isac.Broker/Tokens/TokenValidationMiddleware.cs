using System.Globalization;
using System.Text;

namespace Isac.Broker.Tokens;

/// <summary>
/// Runs <see cref="AccessTokenChecks"/> before anything else on every call and answers a refusal as a gRPC
/// "trailers-only" response (<c>Unauthenticated</c> or <c>PermissionDenied</c>, or <c>Unavailable</c> when the
/// identity service cannot be reached, with the reason), so the call never reaches a service.
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
            await next(context).ConfigureAwait(false);
            return;
        }

        logger.TokenRefused(context.Request.Path.Value ?? string.Empty, decision.Status, decision.Reason);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)decision.Status).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(decision.Reason);
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
