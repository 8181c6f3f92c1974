using Isac.Core.Crypto;

namespace Isac.Node.Security;

/// <summary>A previous encryption key kept after a rotation to open mail sealed to it, and the file it was read from.</summary>
/// <param name="Path">The encrypted key file in <c>Isac:Node:RetiredEncryptionKeyDirectory</c>.</param>
/// <param name="Key">The key pair.</param>
internal sealed record RetiredEncryptionKey(string Path, EncryptionKeyPair Key);
