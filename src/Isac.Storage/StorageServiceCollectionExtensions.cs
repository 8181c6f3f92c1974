using Isac.Storage;
using Isac.Storage.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ISAC broker store.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="BrokerStore"/> and its focused interfaces (<see cref="IReplayCache"/>, <see cref="IBundleStore"/>,
    /// <see cref="IMailboxStore"/>, <see cref="IDirectoryStore"/>, <see cref="IAuditLog"/>, <see cref="IDurabilityBarrier"/>),
    /// with <see cref="StoreOptions"/> bound from <c>Isac:Store</c> and validated at start, and a hosted service that
    /// starts the store (embedded Garnet, connection, safety checks) with the host. Each interface is registered with
    /// TryAdd, so a test can register its own decorator (for example a mailbox store that fails after k writes) first.
    /// </summary>
    public static IServiceCollection AddIsacStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BrokerStore>();
        services.TryAddSingleton<IReplayCache>(sp => sp.GetRequiredService<BrokerStore>());
        services.TryAddSingleton<IBundleStore>(sp => sp.GetRequiredService<BrokerStore>());
        services.TryAddSingleton<IMailboxStore>(sp => sp.GetRequiredService<BrokerStore>());
        services.TryAddSingleton<IDirectoryStore>(sp => sp.GetRequiredService<BrokerStore>());
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<BrokerStore>());
        services.TryAddSingleton<IDurabilityBarrier>(sp => sp.GetRequiredService<BrokerStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BrokerStoreStartup>());
        return services;
    }
}
