using Isac.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Isac.IntegrationTests.Identity;

/// <summary>A test PKI, a running identity service and a token-protected gRPC host that trusts it.</summary>
public sealed class TokenEndToEndFixture : IAsyncLifetime
{
    private TestPki? _pki;
    private WebApplication? _protected;

    public TestPki Pki => _pki ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IdentityTestHost Identity => Pki.Identity;

    public WebApplication Protected => _protected ?? throw new InvalidOperationException("The fixture is not initialized.");

    public TokenClient Tokens => Identity.CreateClient();

    public async Task InitializeAsync()
    {
        _pki = await TestPki.CreateAsync();
        _protected = await ProtectedTestHost.StartAsync(_pki, _pki.Identity.Issuer);
    }

    public async Task DisposeAsync()
    {
        if (_protected is not null)
        {
            await _protected.StopAsync();
            await _protected.DisposeAsync();
        }

        if (_pki is not null)
        {
            await _pki.DisposeAsync();
        }
    }
}
