using Isac.Core.Envelope;
using Isac.Node.LocalStore;
using Isac.Node.Security;

namespace Isac.Node.Hosting;

/// <summary>
/// What the node opens at start-up (its keys and its local store), shared by the API and the background workers.
/// Workers wait for <see cref="WaitStartedAsync"/>; nothing here is usable before <see cref="Attach"/>.
/// </summary>
internal sealed class NodeRuntime : IAsyncDisposable
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NodeStore? _store;
    private NodeCredentials? _credentials;
    private IReadOnlyList<RetiredEncryptionKey> _retired = [];

    /// <summary>The local store.</summary>
    public NodeStore Store => _store ?? throw NotStarted();

    /// <summary>The member's keys and certificates.</summary>
    public NodeCredentials Credentials => _credentials ?? throw NotStarted();

    /// <summary>This member's id.</summary>
    public string MemberId => Credentials.MemberId;

    /// <summary>Seals as this member.</summary>
    public Sealer Sealer { get; private set; } = null!;

    /// <summary>Opens deliveries addressed to this member.</summary>
    public Opener Opener { get; private set; } = null!;

    /// <summary>The retired encryption keys still held (see <see cref="Receiving.RetiredKeyJanitor"/>).</summary>
    public IReadOnlyList<RetiredEncryptionKey> RetiredKeys => _retired;

    /// <summary>Makes the opened store and loaded credentials available and releases the waiting workers.</summary>
    public void Attach(NodeStore store, NodeCredentials credentials, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(credentials);
        _store = store;
        _credentials = credentials;
        Sealer = new Sealer(credentials.MemberId, credentials.SigningKey, time);
        _retired = credentials.RetiredEncryptionKeys;
        Opener = new Opener(credentials.MemberId, [credentials.EncryptionKey, .. _retired.Select(r => r.Key)]);
        _started.TrySetResult();
    }

    /// <summary>Stops using <paramref name="retired"/>: the opener no longer holds it, and its private key is zeroed.</summary>
    public void Forget(RetiredEncryptionKey retired)
    {
        ArgumentNullException.ThrowIfNull(retired);
        _retired = [.. _retired.Where(r => !ReferenceEquals(r, retired))];
        Opener = new Opener(Credentials.MemberId, [Credentials.EncryptionKey, .. _retired.Select(r => r.Key)]);
        retired.Key.Erase();
    }

    /// <summary>Completes once the node has started.</summary>
    public Task WaitStartedAsync(CancellationToken cancellationToken) => _started.Task.WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        _credentials?.Dispose();
    }

    private static InvalidOperationException NotStarted() => new("The node has not started.");
}
