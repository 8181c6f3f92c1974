using Isac.Core.Membership;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Membership;

/// <summary>
/// The broker's verified view of the directory: the current snapshot and the versions it superseded less than
/// the grace period ago (a header sealed against one of those is still routed with that version's cards).
/// Only snapshots that verify against the pinned governance root, and never a lower version, are taken.
/// </summary>
internal sealed class BrokerDirectory
{
    private readonly DirectoryVerifier _verifier;
    private readonly TimeProvider _time;
    private readonly TimeSpan _grace;
    private readonly Lock _gate = new();
    private VerifiedDirectory? _current;
    private List<(VerifiedDirectory Directory, DateTimeOffset SupersededAt)> _previous = [];

    public BrokerDirectory(IOptions<DirectoryOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _verifier = new DirectoryVerifier(Convert.FromHexString(options.Value.GovernanceRootPublicKey!), time);
        _time = time;
        _grace = options.Value.VersionGrace;
    }

    /// <summary>Raised after a newer snapshot was taken (revocations take effect from here).</summary>
    public event Action<VerifiedDirectory>? Changed;

    /// <summary>The current snapshot; throws before the first one was loaded.</summary>
    public VerifiedDirectory Current => _current ?? throw new InvalidOperationException("The broker has no verified directory yet.");

    /// <summary>True once a snapshot was loaded.</summary>
    public bool IsLoaded => _current is not null;

    /// <summary>
    /// Verifies <paramref name="signed"/> and makes it current if it is newer. Returns the verification (a
    /// failure says why); an identical re-load of the current version succeeds without a change.
    /// </summary>
    public DirectoryVerification Offer(SignedDirectorySnapshot signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        VerifiedDirectory? changed = null;
        DirectoryVerification verification;
        lock (_gate)
        {
            verification = _verifier.Verify(signed, _current?.Mark);
            if (verification.Succeeded && verification.Directory!.Version != _current?.Version)
            {
                var now = _time.GetUtcNow();
                if (_current is not null)
                {
                    _previous = [.. _previous.Where(p => p.SupersededAt + _grace >= now), (_current, now)];
                }

                _current = verification.Directory;
                changed = _current;
            }
        }

        if (changed is not null)
        {
            Changed?.Invoke(changed);
        }

        return verification;
    }

    /// <summary>
    /// The snapshot a header names: the current one, or one superseded less than the grace period ago.
    /// Null for an unknown or too old version.
    /// </summary>
    public VerifiedDirectory? AtVersion(ulong version)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_current?.Version == version)
            {
                return _current;
            }

            foreach (var (directory, supersededAt) in _previous)
            {
                if (directory.Version == version && supersededAt + _grace >= now)
                {
                    return directory;
                }
            }
        }

        return null;
    }
}
