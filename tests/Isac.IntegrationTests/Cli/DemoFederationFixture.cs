using Isac.Cli;
using Isac.Cli.Demo;
using Isac.IntegrationTests.Infrastructure;

namespace Isac.IntegrationTests.Cli;

/// <summary>The demo's federation (broker on embedded Garnet, four nodes) started once, without its scenario.</summary>
public sealed class DemoFederationFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _work = new();
    private DemoHosts? _hosts;

    public string WorkDirectory => _work.Path;

    public async Task InitializeAsync()
    {
        var runner = new DemoRunner(CliConsole.ForWriters(TextWriter.Null, TextWriter.Null), _work.Path);
        _hosts = new DemoHosts();
        await runner.SetUpAsync(_hosts, "cli-verb-test passphrase", CancellationToken.None);
    }

    /// <summary>The local API address of a member's node.</summary>
    public string Node(string memberId) => (_hosts ?? throw new InvalidOperationException("not started")).NodeAddresses[memberId].ToString();

    public async Task DisposeAsync()
    {
        if (_hosts is not null)
        {
            await _hosts.DisposeAsync();
        }
    }

    public void Dispose() => _work.Dispose();
}
