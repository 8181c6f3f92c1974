using Isac.Core.Policy;
using Isac.Node.Api;
using Isac.Node.Brokering;
using Isac.Node.Configuration;
using Isac.Node.Membership;
using Isac.Node.Publishing;
using Isac.Node.Receiving;
using Isac.Node.Taxii;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Isac.Node.Hosting;

/// <summary>The node's registrations and endpoints.</summary>
internal static class NodeHostingExtensions
{
    private const int MaxMessageBytes = 20 * 1024 * 1024;

    public static WebApplicationBuilder AddIsacNode(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, NodeKestrelSetup>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NodeRuntime>();
        services.TryAddSingleton(new SharingPolicy());
        services.AddBrokerConnection();
        services.TryAddSingleton<NodeDirectory>();
        services.TryAddSingleton<BundleSealing>();
        services.TryAddSingleton<OutboxProcessor>();
        services.TryAddSingleton<NodePublisher>();
        services.TryAddSingleton<InboxSignal>();
        services.TryAddSingleton<DeliveryProcessor>();

        // Start-up first: hosted services start in registration order, and the workers wait for it.
        services.AddHostedService<NodeStartup>();
        services.AddHostedService<OutboxWorker>();
        services.AddHostedService<SubscriptionWorker>();
        services.TryAddSingleton<RetiredKeyJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<RetiredKeyJanitor>());
        services.AddIsacTaxii();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxMessageBytes;
            grpc.MaxSendMessageSize = MaxMessageBytes;
        });
        return builder;
    }

    public static WebApplication MapIsacNode(this WebApplication app)
    {
        app.MapIsacTaxii();
        app.MapGrpcService<NodeApiService>();
        return app;
    }
}
