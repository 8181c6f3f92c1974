using Isac.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Isac.IntegrationTests.Identity;

/// <summary>A test PKI, a running identity service and a token-protected gRPC host that trusts it.</summary>
public sealed class TokenEndToEndFixture : IAsyncLifetime
{
    private TestPki? _pki;
    private IdentityTestHost? _identity;
    private WebApplication? _protected;

    public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IdentityTestHost Identity => _identity ?? throw new InvalidOperationException("The fixture is not initialized.");

    public WebApplication Protected => _protected ?? throw new InvalidOperationException("The fixture is not initialized.");

    public TokenClient Tokens => Identity.CreateClient();

    public async Task InitializeAsync()
    {
        _pki = await TestPki.CreateAsync();
        _identity = await IdentityTestHost.StartAsync(_pki);
        _protected = await ProtectedTestHost.StartAsync(_pki, _identity.Issuer);
    }

    public async Task DisposeAsync()
    {
        if (_protected is not null)
        {
            await _protected.StopAsync();
            await _protected.DisposeAsync();
        }

        if (_identity is not null)
        {
            await _identity.DisposeAsync();
        }

        _pki?.Dispose();
    }
}
