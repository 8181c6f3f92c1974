using Isac.IntegrationTests.Hosting;

namespace Isac.IntegrationTests.Identity;

/// <summary>A test PKI and federation with one running identity service, shared by a test class.</summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    private TestPki? _pki;
    private IdentityTestHost? _identity;

    public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IdentityTestHost Identity => _identity ?? throw new InvalidOperationException("The fixture is not initialized.");

    public TokenClient Client => Identity.CreateClient();

    public async Task InitializeAsync()
    {
        _pki = await TestPki.CreateAsync();
        _identity = await IdentityTestHost.StartAsync(_pki);
    }

    public async Task DisposeAsync()
    {
        if (_identity is not null)
        {
            await _identity.DisposeAsync();
        }

        _pki?.Dispose();
    }
}
