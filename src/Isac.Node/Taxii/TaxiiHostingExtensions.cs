using Isac.Node.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Isac.Node.Taxii;

/// <summary>Registers and maps the node's TAXII 2.1 server (section <c>Isac:Node:Taxii</c>).</summary>
internal static class TaxiiHostingExtensions
{
    public static IServiceCollection AddIsacTaxii(this IServiceCollection services)
    {
        services.AddOptions<TaxiiOptions>().BindConfiguration(TaxiiOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TaxiiOptions>, TaxiiOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, TaxiiKestrelSetup>());
        services.TryAddSingleton<TaxiiAuthenticator>();
        services.TryAddSingleton<TaxiiIndex>();
        services.TryAddSingleton<TaxiiOutbox>();
        return services;
    }

    /// <summary>
    /// Maps the TAXII endpoints when enabled, and keeps the two listeners apart: TAXII answers on its HTTPS
    /// listener only, and the local gRPC API (which has no authentication of its own) never on the TAXII listener.
    /// </summary>
    public static WebApplication MapIsacTaxii(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<TaxiiOptions>>().Value.Enabled)
        {
            return app;
        }

        app.Use(async (context, next) =>
        {
            if (context.Request.IsHttps != context.Request.Path.StartsWithSegments("/taxii2", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (!context.Request.IsHttps)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            try
            {
                await next(context).ConfigureAwait(false);
                if (!context.Response.HasStarted && context.Response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
                {
                    // Routing's own answers (no such endpoint, method not supported) as TAXII error objects too.
                    var status = context.Response.StatusCode;
                    var description = status == StatusCodes.Status404NotFound
                        ? $"there is no TAXII endpoint at {context.Request.Path}"
                        : $"{context.Request.Method} is not supported on {context.Request.Path}";
                    await TaxiiHttp.ErrorAsync(context, status, status == StatusCodes.Status404NotFound ? "Not found" : "Method not allowed", description).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                // A TAXII client gets a TAXII error object, never an HTML or empty 500; the details go to the log only.
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TaxiiEndpoints)).TaxiiRequestFailed(context.Request.Path, ex);
                context.Response.Clear();
                await TaxiiHttp.ErrorAsync(context, StatusCodes.Status500InternalServerError, "Internal error", "The node could not answer this request; its log has the details.").ConfigureAwait(false);
            }
        });
        TaxiiEndpoints.Map(app);
        return app;
    }
}
