namespace Isac.Cli.Home;

/// <summary>
/// One local TAXII user as <c>isac taxii user add</c> stores it: the node's <c>Isac:Node:Taxii:Users</c> entry,
/// with a PBKDF2 hash of the password or the SHA-256 of the bearer token, never the secret itself.
/// </summary>
/// <param name="Name">The user name (HTTP basic user).</param>
/// <param name="PasswordHash">The <c>pbkdf2-sha256$...</c> hash of the password; null for a token user.</param>
/// <param name="TokenSha256">The SHA-256 of the bearer token in hex; null for a password user.</param>
/// <param name="Read">The labels whose collections the user may read.</param>
/// <param name="WriteOutbox">Whether the user may POST to the outbox collection.</param>
internal sealed record TaxiiUserEntry(string Name, string? PasswordHash, string? TokenSha256, IReadOnlyList<string> Read, bool WriteOutbox);
