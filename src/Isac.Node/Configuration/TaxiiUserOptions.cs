namespace Isac.Node.Configuration;

/// <summary>
/// One local TAXII user (a person or a tool such as MISP or OpenCTI). Credentials are stored as hashes only:
/// <see cref="PasswordHash"/> for HTTP basic, <see cref="TokenSha256"/> for a bearer token.
/// </summary>
internal sealed class TaxiiUserOptions
{
    /// <summary>The user name (HTTP basic user).</summary>
    public string? Name { get; set; }

    /// <summary>PBKDF2 hash of the password: <c>pbkdf2-sha256$iterations$salt-base64$hash-base64</c>.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>SHA-256 of the bearer token, 64 hex characters (tokens are random, at least 32 bytes).</summary>
    public string? TokenSha256 { get; set; }

    /// <summary>The labels whose collections the user may read (TLP:RED only when listed here).</summary>
    public List<string> Read { get; set; } = [];

    /// <summary>Whether the user may POST to the <c>outbox</c> collection (publish as this member).</summary>
    public bool WriteOutbox { get; set; }
}
