using Isac.Core.Labels;
using Isac.Core.Membership;

namespace Isac.Core.Tests.TestSupport;

/// <summary>Builds <see cref="Member"/> values for policy tests (no card signatures involved).</summary>
internal static class TestMembers
{
    private static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Member Create(
        string id,
        Role role,
        Tlp clearance = Tlp.Red,
        string[]? communities = null,
        string[]? clients = null,
        Role[]? extraRoles = null,
        string? organization = null)
    {
        var roles = new HashSet<Role>(extraRoles ?? []) { role };
        return new Member(
            id,
            organization ?? id,
            roles,
            clearance,
            new HashSet<string>(communities ?? [], StringComparer.Ordinal),
            new HashSet<string>(clients ?? [], StringComparer.Ordinal),
            KeyFrom(id, 's'),
            KeyFrom(id, 'e'),
            NotBefore,
            NotBefore.AddYears(1));
    }

    // Distinct 32-byte stand-ins for public keys; the policy never uses them.
    private static byte[] KeyFrom(string id, char purpose) =>
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{purpose}:{id}"));
}
