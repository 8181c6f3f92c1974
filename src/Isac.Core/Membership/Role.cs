namespace Isac.Core.Membership;

/// <summary>A member's role. A member with several roles gets the union of their sharing rights.</summary>
public enum Role
{
    /// <summary>A national or sector CERT.</summary>
    Cert = 1,

    /// <summary>An election management body or a local election office.</summary>
    ElectionOffice = 2,

    /// <summary>A private vendor (voting systems, e-poll books, hosting).</summary>
    Vendor = 3,

    /// <summary>A government security agency.</summary>
    Agency = 4,
}
