using Grpc.Net.Client;
using Isac.Broker.Hosting;
using Isac.Cli.Home;
using Isac.Cli.Hosting;
using Isac.Identity.Hosting;
using Isac.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Isac.Cli.Demo;

/// <summary>The demo's running identity service, broker and nodes, all in this process, stopped and disposed together.</summary>
internal sealed class DemoHosts : IAsyncDisposable
{
    // The demo prints its own progress, including the refusals it provokes on purpose (which the broker logs as
    // warnings); the hosts only report errors.
    private static readonly Dictionary<string, string?> QuietLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Error",
    };

    private readonly List<WebApplication> _apps = [];
    private readonly Dictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebApplication> _nodes = new(StringComparer.Ordinal);

    public Uri BrokerAddress { get; private set; } = null!;

    /// <summary>The identity service's issuer (also its address).</summary>
    public Uri IdentityIssuer { get; private set; } = null!;

    /// <summary>
    /// Starts the identity service on a free port (the issuer names the port, so it is chosen first); members in
    /// <paramref name="admins"/> may ask for the <c>isac.admin</c> scope.
    /// </summary>
    public async Task StartIdentityAsync(IsacHome home, string passphrase, IEnumerable<string> admins, CancellationToken cancellationToken)
    {
        var issuer = HostSettings.IdentityIssuer(FreePort());
        var settings = HostSettings.Identity(home, passphrase, issuer, admins);
        var app = IdentityHost.Build(HostSettings.HostArgs, builder => builder.Configuration.AddInMemoryCollection(settings).AddInMemoryCollection(QuietLogging));
        _apps.Add(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        IdentityIssuer = issuer;
    }

    public Dictionary<string, Uri> NodeAddresses { get; } = new(StringComparer.Ordinal);

    public async Task StartBrokerAsync(IsacHome home, string passphrase, CancellationToken cancellationToken)
    {
        var settings = HostSettings.Broker(home, passphrase, port: 0, redisConnectionString: null, IdentityIssuer);
        var app = BrokerHost.Build(HostSettings.HostArgs, builder => builder.Configuration.AddInMemoryCollection(settings).AddInMemoryCollection(QuietLogging));
        _apps.Add(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        BrokerAddress = new Uri(app.Urls.Single());
    }

    public async Task StartNodesAsync(IsacHome home, string passphrase, IEnumerable<string> memberIds, CancellationToken cancellationToken)
    {
        var starts = memberIds.Select(async memberId =>
        {
            var settings = HostSettings.Node(home, memberId, passphrase, BrokerAddress, port: 0, IdentityIssuer);
            var app = NodeHost.Build(HostSettings.HostArgs, builder => builder.Configuration.AddInMemoryCollection(settings).AddInMemoryCollection(QuietLogging));
            lock (_apps)
            {
                _apps.Add(app);
                _nodes[memberId] = app;
            }

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return (memberId, Address: new Uri(app.Urls.Single()));
        }).ToList();
        foreach (var (memberId, address) in await Task.WhenAll(starts).ConfigureAwait(false))
        {
            NodeAddresses[memberId] = address;
        }
    }

    /// <summary>Stops and disposes one member's node (its data stays; <see cref="StartNodesAsync"/> starts it again).</summary>
    public async Task StopNodeAsync(string memberId, CancellationToken cancellationToken)
    {
        if (!_nodes.Remove(memberId, out var app))
        {
            throw new InvalidOperationException($"no node of {memberId} is running");
        }

        if (_channels.Remove(memberId, out var channel))
        {
            channel.Dispose();
        }

        NodeAddresses.Remove(memberId);
        _apps.Remove(app);
        try
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes when <paramref name="cancellationToken"/> fires or any host stops (each host stops itself on
    /// SIGTERM or Ctrl+C through its console lifetime, which also keeps the signal from reaching the CLI's token).
    /// </summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var registrations = _apps.Select(app => app.Lifetime.ApplicationStopping.Register(stop.Cancel)).ToList();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var registration in registrations)
            {
                await registration.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The local API client of a member's node.</summary>
    public V1.Node.NodeClient Node(string memberId)
    {
        if (!_channels.TryGetValue(memberId, out var channel))
        {
            channel = NodeChannels.Create(NodeAddresses[memberId]);
            _channels[memberId] = channel;
        }

        return new V1.Node.NodeClient(channel);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        // Nodes first (they hold subscriptions to the broker), then the broker, the identity service last.
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            try
            {
                await _apps[i].StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                await _apps[i].DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
