using Isac.Broker.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Isac.Broker.Admin;

/// <summary>Registers and maps the membership admin API.</summary>
internal static class AdminHostingExtensions
{
    public static IServiceCollection AddIsacAdmin(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MembershipAdministration>();
        services.TryAddSingleton<AdminAudit>();
        if (!services.Any(d => d.ServiceType == typeof(IStartupFilter) && d.ImplementationType == typeof(AdminCallAuditStartupFilter)))
        {
            // First of all startup filters, so its middleware wraps the token checks (another startup filter) and
            // sees the calls they refuse, whichever order the host registers them in.
            services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, AdminCallAuditStartupFilter>());
        }

        return services;
    }

    public static WebApplication MapIsacAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<AdminService>().RequireAuthorization(MemberAuthentication.PolicyName);
        return app;
    }
}
