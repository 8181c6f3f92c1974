namespace Isac.Core.Membership;

/// <summary>
/// A member card as a verified snapshot lists it, active or not, with the revocation that covers it (if any):
/// what a node needs to judge mail the broker accepted before the revocation.
/// </summary>
/// <param name="Member">The member as its root-signed card describes it.</param>
/// <param name="Revocation">The earliest revocation covering the card's signing key, encryption key or all its keys; null if none.</param>
public sealed record ListedMember(Member Member, MemberRevocation? Revocation);
