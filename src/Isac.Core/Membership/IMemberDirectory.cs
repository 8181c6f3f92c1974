namespace Isac.Core.Membership;

/// <summary>Looks up active members (valid, not revoked) in a verified directory snapshot.</summary>
public interface IMemberDirectory
{
    /// <summary>The directory snapshot version.</summary>
    ulong Version { get; }

    /// <summary>The active member with this id, or null if it is unknown, revoked or not valid now.</summary>
    Member? FindActive(string memberId);
}
