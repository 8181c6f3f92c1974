using Isac.Core.Membership;

namespace Isac.Cli.Home;

/// <summary>One card of the roster as <c>isac members list</c> shows it.</summary>
/// <param name="MemberId">The card's member id.</param>
/// <param name="Member">The card's content, or null if the card is invalid.</param>
/// <param name="SignatureValid">True if the governance root signed exactly these card bytes.</param>
/// <param name="Revocation">The reason the member is revoked, or null.</param>
internal sealed record RosterEntry(string MemberId, Member? Member, bool SignatureValid, string? Revocation);
