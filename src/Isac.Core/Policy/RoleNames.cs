using Isac.Core.Membership;

namespace Isac.Core.Policy;

/// <summary>The role names of DESIGN.md (<c>cert</c>, <c>election-office</c>, ...), for messages.</summary>
internal static class RoleNames
{
    public static string Of(Role role) => role switch
    {
        Role.Cert => "cert",
        Role.ElectionOffice => "election-office",
        Role.Vendor => "vendor",
        Role.Agency => "agency",
        _ => $"role {(int)role}",
    };

    public static string Join(IEnumerable<Role> roles)
    {
        var names = roles.Order().Select(Of).ToList();
        return names.Count == 0 ? "no roles" : string.Join(", ", names);
    }
}
