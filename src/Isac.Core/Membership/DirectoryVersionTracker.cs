namespace Isac.Core.Membership;

/// <summary>
/// Remembers the highest directory version accepted and refuses to go back: a lower version is a rollback, the
/// same version with other bytes a conflict. Thread-safe. Start it from the persisted
/// <see cref="DirectoryVersionMark"/> and persist <see cref="Current"/> after every advance.
/// </summary>
public sealed class DirectoryVersionTracker
{
    private readonly Lock _gate = new();
    private DirectoryVersionMark? _current;

    /// <summary>Starts from <paramref name="persisted"/>, or from nothing seen yet.</summary>
    public DirectoryVersionTracker(DirectoryVersionMark? persisted = null)
    {
        if (persisted is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(persisted.SnapshotSha256, nameof(persisted));
        }

        _current = persisted;
    }

    /// <summary>The highest version accepted so far, or null.</summary>
    public DirectoryVersionMark? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>
    /// Moves to <paramref name="directory"/> if it is not a rollback or a conflict with what was accepted so far
    /// (checked again here, as another snapshot may have been accepted since it was verified).
    /// </summary>
    public DirectoryVerification Advance(VerifiedDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        lock (_gate)
        {
            var refusal = Check(_current, directory.Mark);
            if (refusal is not null)
            {
                return refusal;
            }

            _current = directory.Mark;
            return DirectoryVerification.Success(directory);
        }
    }

    /// <summary>Null if <paramref name="candidate"/> may follow <paramref name="lastSeen"/>, else the refusal.</summary>
    internal static DirectoryVerification? Check(DirectoryVersionMark? lastSeen, DirectoryVersionMark candidate)
    {
        if (lastSeen is null || candidate.Version > lastSeen.Version)
        {
            return null;
        }

        if (candidate.Version < lastSeen.Version)
        {
            return DirectoryVerification.Failure(
                DirectoryError.Rollback,
                $"directory version {candidate.Version} is lower than version {lastSeen.Version} already seen");
        }

        return string.Equals(candidate.SnapshotSha256, lastSeen.SnapshotSha256, StringComparison.OrdinalIgnoreCase)
            ? null
            : DirectoryVerification.Failure(
                DirectoryError.VersionConflict,
                $"directory version {candidate.Version} was already seen with other content");
    }
}
