using Grpc.Core;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Node.Brokering;
using Isac.Node.Configuration;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Node.Membership;

/// <summary>
/// The node's view of the member directory: snapshots fetched from the broker, verified against the pinned
/// governance root, never below the version mark persisted in the local store (so a restart does not reopen a
/// rollback), and refused for sealing anything above CLEAR once expired.
/// </summary>
internal sealed class NodeDirectory : IDisposable
{
    private readonly NodeRuntime _runtime;
    private readonly IBrokerConnection _broker;
    private readonly DirectoryVerifier _verifier;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshInterval;
    private readonly ILogger<NodeDirectory> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile VerifiedDirectory? _current;
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public NodeDirectory(NodeRuntime runtime, IBrokerConnection broker, IOptions<NodeOptions> options, TimeProvider time, ILogger<NodeDirectory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _runtime = runtime;
        _broker = broker;
        _time = time;
        _logger = logger;
        _refreshInterval = options.Value.DirectoryRefreshInterval;
        _verifier = new DirectoryVerifier(Convert.FromHexString(options.Value.GovernanceRootPublicKey!), time);
    }

    /// <summary>The last verified snapshot, or null before the first.</summary>
    public VerifiedDirectory? Current => _current;

    /// <summary>Loads the snapshot kept in the local store, re-verified (its directory key may have expired since).</summary>
    public async Task LoadStoredAsync(CancellationToken cancellationToken)
    {
        var stored = await _runtime.Store.GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return;
        }

        var verification = _verifier.Verify(SignedDirectorySnapshot.Parser.ParseFrom(stored.SignedSnapshot), stored.Mark);
        if (verification.Succeeded)
        {
            _current = verification.Directory;
        }
        else
        {
            _logger.StoredDirectoryInvalid(stored.Mark.Version, verification.Error, verification.Message);
        }
    }

    /// <summary>
    /// Verifies <paramref name="snapshot"/> against the pinned root and the persisted version mark and, if it
    /// passes, makes it current and persists it. A lower version, or the same version with other content, is refused.
    /// </summary>
    public async Task<DirectoryVerification> AcceptAsync(SignedDirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var stored = await _runtime.Store.GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        var verification = _verifier.Verify(snapshot, stored?.Mark);
        if (!verification.Succeeded)
        {
            return verification;
        }

        var directory = verification.Directory;
        if (stored is null || directory.Version > stored.Mark.Version)
        {
            await _runtime.Store.SaveDirectoryAsync(new StoredDirectory(directory.Mark, directory.SignedSnapshotBytes.ToArray()), cancellationToken).ConfigureAwait(false);
        }

        if (_current is null || directory.Version >= _current.Version)
        {
            _current = directory;
        }

        return verification;
    }

    /// <summary>
    /// Fetches the broker's snapshot unless the current one was fetched within the refresh interval (or
    /// <paramref name="force"/>). A broker that cannot be reached leaves the current snapshot in place.
    /// </summary>
    public async Task<VerifiedDirectory?> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        if (!force && _current is not null && _time.GetUtcNow() - _fetchedAt < _refreshInterval)
        {
            return _current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!force && _current is not null && _time.GetUtcNow() - _fetchedAt < _refreshInterval)
            {
                return _current;
            }

            SignedDirectorySnapshot snapshot;
            try
            {
                snapshot = await _broker.GetDirectoryAsync(_current?.Version ?? 0, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (BrokerFailures.IsTransient(ex) || ex is RpcException)
            {
                _logger.DirectoryFetchFailed(ex.Message, _current?.Version);
                return _current;
            }

            var verification = await AcceptAsync(snapshot, cancellationToken).ConfigureAwait(false);
            if (verification.Succeeded)
            {
                _fetchedAt = _time.GetUtcNow();
            }
            else
            {
                _logger.DirectoryRefused(verification.Error, verification.Message);
            }

            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The snapshot to seal <paramref name="label"/> against, fetched if due.</summary>
    /// <exception cref="NodeRefusalException">No verified snapshot, or an expired one for a label above CLEAR.</exception>
    public async Task<VerifiedDirectory> ForSealingAsync(Tlp label, CancellationToken cancellationToken)
    {
        var directory = await RefreshAsync(force: false, cancellationToken).ConfigureAwait(false)
            ?? throw new NodeRefusalException(StatusCode.Unavailable, "no verified directory snapshot yet (the broker has not been reached): try again once the broker is reachable");
        var decision = directory.CanSeal(label);
        return decision.Allowed
            ? directory
            : throw new NodeRefusalException(StatusCode.FailedPrecondition, $"directory-expired: {decision.Reason}");
    }
}
