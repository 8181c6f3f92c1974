using Isac.IntegrationTests.Hosting;
using Isac.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Isac.IntegrationTests.Node;

/// <summary>
/// A whole federation for node tests: a real redis-server, the real broker over mTLS (restartable on the same
/// port, its state kept in Redis) and the four members' real nodes, all started.
/// </summary>
public sealed class NodeFederationFixture : IAsyncLifetime
{
    private readonly Dictionary<string, TestNode> _nodes = new(StringComparer.Ordinal);
    private RedisServer? _redis;
    private Dictionary<string, string?> _brokerSettings = null!;
    private WebApplication? _broker;

    public TestPki Pki { get; private set; } = null!;

    public Uri BrokerAddress { get; private set; } = null!;

    public TestNode this[string memberId] => _nodes[memberId];

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        Pki = await TestPki.CreateAsync();
        _brokerSettings = Pki.BrokerSettings(_redis.ConnectionString);
        await StartBrokerAsync();
        BrokerAddress = new Uri(_broker!.Urls.Single());
        _brokerSettings["Isac:Broker:Port"] = BrokerAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var home = Path.Combine(Pki.Directory.FullName, "nodes");
        foreach (var member in Pki.Federation.Members.Keys)
        {
            _nodes[member] = await TestNode.CreateAsync(Pki, member, BrokerAddress, home);
        }

        await Task.WhenAll(_nodes.Values.Select(n => n.StartAsync()));
    }

    public async Task StartBrokerAsync()
    {
        _broker = TestBroker.Build(_brokerSettings);
        await _broker.StartAsync();
    }

    public async Task StopBrokerAsync()
    {
        if (_broker is not null)
        {
            await _broker.StopAsync();
            await _broker.DisposeAsync();
            _broker = null;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            await node.DisposeAsync();
        }

        await StopBrokerAsync();
        if (Pki is not null)
        {
            await Pki.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
