using Isac.Core.Labels;

namespace Isac.Core.Membership;

/// <summary>
/// A member as a verified member card describes it: identity, roles, clearance, communities, declared
/// clients and current public keys. Only a card signed by the governance root becomes a <see cref="Member"/>
/// outside tests.
/// </summary>
/// <param name="MemberId">The member id, <c>[a-z0-9][a-z0-9.:-]{0,63}</c>.</param>
/// <param name="Organization">The organization the member belongs to (TLP:AMBER+STRICT stays inside it).</param>
/// <param name="Roles">The member's roles; rights are the union over them.</param>
/// <param name="Clearance">The highest label the member may receive.</param>
/// <param name="Communities">The communities the member belongs to.</param>
/// <param name="Clients">Members to which it may re-share TLP:AMBER.</param>
/// <param name="SigningPublicKey">Ed25519 public key (32 bytes).</param>
/// <param name="EncryptionPublicKey">X25519 public key (32 bytes).</param>
/// <param name="NotBefore">Start of the card's validity.</param>
/// <param name="NotAfter">End of the card's validity.</param>
public sealed record Member(
    string MemberId,
    string Organization,
    IReadOnlySet<Role> Roles,
    Tlp Clearance,
    IReadOnlySet<string> Communities,
    IReadOnlySet<string> Clients,
    byte[] SigningPublicKey,
    byte[] EncryptionPublicKey,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    // Computed, not stored: a stored id would be copied unchanged by a `with` expression that replaces a key.

    /// <summary>Key id of <see cref="SigningPublicKey"/>.</summary>
    public byte[] SigningKeyId => Crypto.KeyId.Of(SigningPublicKey);

    /// <summary>Key id of <see cref="EncryptionPublicKey"/>.</summary>
    public byte[] EncryptionKeyId => Crypto.KeyId.Of(EncryptionPublicKey);

    /// <summary>True if the member holds <paramref name="role"/>.</summary>
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>True if the member may receive content labelled <paramref name="label"/>.</summary>
    public bool IsClearedFor(Tlp label) => Clearance >= label;
}
