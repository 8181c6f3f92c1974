using Isac.Node.Configuration;
using Isac.Node.LocalStore;
using Isac.Node.Membership;
using Isac.Node.Security;
using Microsoft.Extensions.Options;

namespace Isac.Node.Hosting;

/// <summary>
/// Opens the node before anything else runs: validates the settings, loads the keys (a wrong passphrase stops
/// the node here, naming the setting), opens the local store, loads the stored directory and tries the broker's.
/// </summary>
internal sealed class NodeStartup(NodeRuntime runtime, NodeDirectory directory, IOptions<NodeOptions> options, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var credentials = await NodeCredentials.LoadAsync(settings, time).ConfigureAwait(false);
        NodeStore store;
        try
        {
            store = await NodeStore.OpenAsync(settings.DataDirectory!, time, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            credentials.Dispose();
            throw;
        }

        runtime.Attach(store, credentials, time);
        await directory.LoadStoredAsync(cancellationToken).ConfigureAwait(false);
        await directory.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
