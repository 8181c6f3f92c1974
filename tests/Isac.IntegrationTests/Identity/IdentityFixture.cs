using Isac.IntegrationTests.Hosting;

namespace Isac.IntegrationTests.Identity;

/// <summary>A test PKI and federation with one running identity service, shared by a test class.</summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    private TestPki? _pki;

    public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IdentityTestHost Identity => Pki.Identity;

    public TokenClient Client => Identity.CreateClient();

    public async Task InitializeAsync()
    {
        _pki = await TestPki.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_pki is not null)
        {
            await _pki.DisposeAsync();
        }
    }
}
