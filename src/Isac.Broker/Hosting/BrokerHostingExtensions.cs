using Isac.Broker.Admin;
using Isac.Broker.Configuration;
using Isac.Broker.Diagnostics;
using Isac.Broker.Membership;
using Isac.Broker.Publishing;
using Isac.Broker.Security;
using Isac.Broker.Services;
using Isac.Broker.Subscriptions;
using Isac.Core.Policy;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Hosting;

/// <summary>Registers and maps the broker: options, mTLS, access tokens, authentication, gRPC services, health, logging, metrics.</summary>
internal static class BrokerHostingExtensions
{
    public static WebApplicationBuilder AddIsacBroker(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddBrokerConsole(builder.Environment);

        var services = builder.Services;
        services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BrokerMetrics>();
        services.TryAddSingleton<BrokerCertificates>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, KestrelMutualTlsSetup>());

        // Every call needs an access token from the identity service as well as mTLS; there is no switch to turn it
        // off: without Isac:Tokens:Issuer the broker does not start.
        services.AddIsacTokenValidation(builder.Configuration);

        services.TryAddSingleton<MemberCertificateEvents>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CertificateAuthenticationOptions>, MemberCertificateAuthenticationSetup>());
        // The cache keeps a validated certificate's result for a few minutes (never past its NotAfter): without it the
        // chain was rebuilt on every call of a connection, about 7% of the broker's CPU under load (bench/README.md).
        // Revocation does not depend on it: members are revoked through the directory, checked on every call.
        services.AddAuthentication(CertificateAuthenticationDefaults.AuthenticationScheme).AddCertificate()
            .AddCertificateCache(cache => cache.CacheEntryExpiration = TimeSpan.FromMinutes(2));
        services.AddAuthorization(options =>
        {
            options.AddPolicy(MemberAuthentication.PolicyName, policy => policy
                .AddAuthenticationSchemes(CertificateAuthenticationDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(MemberAuthentication.MemberIdClaimType));
            // Anything mapped later without its own policy is still members-only.
            options.FallbackPolicy = options.GetPolicy(MemberAuthentication.PolicyName);
        });

        services.AddIsacStorage(builder.Configuration);
        services.AddOptions<DirectoryOptions>().BindConfiguration(DirectoryOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DirectoryOptions>, DirectoryOptionsValidator>());
        services.AddOptions<PublishOptions>().BindConfiguration(PublishOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PublishOptions>, PublishOptionsValidator>());
        services.TryAddSingleton(new SharingPolicy());
        services.TryAddSingleton<BrokerDirectory>();
        services.TryAddSingleton<DirectoryIssuer>();
        services.TryAddSingleton<ReceiptSigner>();
        services.TryAddSingleton<PublishValidator>();
        services.TryAddSingleton<PublishPipeline>();
        services.TryAddSingleton<PendingSweeper>();
        services.TryAddSingleton<DeliveryTracker>();
        services.TryAddSingleton<MailboxStreamer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<BrokerService>, RawPublishMethodProvider>());
        // Registered after the store's own start-up service, so the directory loads from a started store.
        services.AddHostedService<DirectoryMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingSweeper>());
        services.TryAddSingleton<AuditCheckpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointer>());
        services.AddIsacAdmin();

        services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = false;
            options.MaxReceiveMessageSize = PublishValidator.MaxSealedBundleBytes;
            options.MaxSendMessageSize = PublishValidator.MaxSealedBundleBytes;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck("broker", () => HealthCheckResult.Healthy("the broker accepts calls"));
        return builder;
    }

    public static WebApplication MapIsacBroker(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseMiddleware<MemberLogScopeMiddleware>();
        app.UseAuthorization();

        app.MapGrpcService<BrokerService>().RequireAuthorization(MemberAuthentication.PolicyName).Add(endpoint =>
        {
            // Two endpoints serve /isac.v1.Broker/Publish: the raw one goes first (see RawPublishMethodProvider).
            if (endpoint is RouteEndpointBuilder route && endpoint.Metadata.Contains(RawPublishMethodProvider.EndpointMarker))
            {
                route.Order = -1;
            }
        });
        app.MapIsacAdmin();
        app.MapGrpcHealthChecksService().RequireAuthorization(MemberAuthentication.PolicyName);
        app.MapGrpcReflectionService().RequireAuthorization(MemberAuthentication.PolicyName);
        return app;
    }

    private static void AddBrokerConsole(this ILoggingBuilder logging, IWebHostEnvironment environment)
    {
        logging.ClearProviders();
        if (environment.IsDevelopment())
        {
            logging.AddSimpleConsole(options =>
            {
                options.IncludeScopes = true;
                options.SingleLine = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
        else
        {
            logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }
}
