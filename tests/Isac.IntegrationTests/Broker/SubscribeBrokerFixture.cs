using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.IntegrationTests.Hosting;

namespace Isac.IntegrationTests.Broker;

/// <summary>One broker on embedded Garnet whose federation has one extra member per subscribe test, so each test owns a mailbox.</summary>
public sealed class SubscribeBrokerFixture : IAsyncLifetime
{
    public const string Resuming = "office-resume";
    public const string Acking = "office-ack";
    public const string Revoked = "office-revoked";

    private TestPki? _pki;
    private RunningBroker? _broker;

    public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

    public RunningBroker Broker => _broker ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        _pki = await TestPki.CreateAsync();
        foreach (var id in new[] { Resuming, Acking, Revoked })
        {
            // No communities: only bundles that name them reach them.
            _pki.Federation.Add(TestFederation.Spec(id, id, Tlp.Red, [Role.ElectionOffice], []));
        }

        await _pki.Federation.WriteRosterAsync();
        _broker = await RunningBroker.StartAsync(_pki);
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _pki?.Dispose();
    }
}
