using Isac.Broker.Diagnostics;

namespace Isac.Broker.Security;

/// <summary>Tags every log line written while serving a request with the authenticated caller's member id.</summary>
internal sealed class MemberLogScopeMiddleware(RequestDelegate next, ILogger<MemberLogScopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var memberId = CallerIdentity.GetMemberId(context.User);
        if (memberId is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using (logger.BeginMemberScope(memberId))
        {
            await next(context).ConfigureAwait(false);
        }
    }
}
