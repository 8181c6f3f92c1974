using Isac.Node.LocalStore;
using Microsoft.Extensions.Time.Testing;

namespace Isac.Node.Tests.LocalStore;

/// <summary>A real SQLite store in a temporary directory of its own, deleted afterwards.</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private NodeStore? _store;

    protected DirectoryInfo DataDirectory { get; } = Directory.CreateTempSubdirectory("isac-node-store-");

    protected FakeTimeProvider Time { get; } = new(Start);

    internal NodeStore Store => _store ?? throw new InvalidOperationException("not open");

    public async Task InitializeAsync() => _store = await NodeStore.OpenAsync(DataDirectory.FullName, Time);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        DataDirectory.Delete(recursive: true);
    }

    /// <summary>Closes the store and opens the same database again, as a restarted node would.</summary>
    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = null;
        _store = await NodeStore.OpenAsync(DataDirectory.FullName, Time);
    }
}
