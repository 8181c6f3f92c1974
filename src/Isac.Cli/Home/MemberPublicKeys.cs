namespace Isac.Cli.Home;

/// <summary>A member's Ed25519 signing and X25519 encryption public keys.</summary>
internal sealed record MemberPublicKeys(byte[] Signing, byte[] Encryption);
