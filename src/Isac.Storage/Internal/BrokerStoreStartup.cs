using Microsoft.Extensions.Hosting;

namespace Isac.Storage.Internal;

/// <summary>Starts the store (and its checks) with the host, so a bad store stops the host before it serves anything.</summary>
internal sealed class BrokerStoreStartup(BrokerStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
