namespace Isac.IntegrationTests.Hosting;

/// <summary>One <see cref="TestPki"/> shared by a test class (key encryption is deliberately slow).</summary>
public sealed class TestPkiFixture : IAsyncLifetime
{
    private TestPki? _pki;

    public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _pki = await TestPki.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_pki is not null)
        {
            await _pki.DisposeAsync();
        }
    }
}
