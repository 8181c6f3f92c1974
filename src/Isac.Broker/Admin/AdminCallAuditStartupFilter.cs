namespace Isac.Broker.Admin;

/// <summary>Puts <see cref="AdminCallAuditMiddleware"/> first in the pipeline, outside the token checks.</summary>
internal sealed class AdminCallAuditStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<AdminCallAuditMiddleware>();
        next(app);
    };
}
