using Isac.Core.Crypto;
using Isac.Core.Keys;

namespace Isac.Core.Tests.Keys;

/// <summary>
/// One signing and one encryption key file, written once per test class: each write or read runs 600,000
/// PBKDF2 iterations, so the tests share these files and keep their own key-file operations few.
/// </summary>
public sealed class KeyFileFixture : IDisposable
{
    public const string Passphrase = "correct horse battery staple";

    public KeyFileFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("isac-keys-");
        SigningPath = Path.Combine(Directory.FullName, "signing.pem");
        EncryptionPath = Path.Combine(Directory.FullName, "encryption.pem");
        KeyFiles.WriteSigningKey(SigningPath, Signing, Passphrase);
        KeyFiles.WriteEncryptionKey(EncryptionPath, Encryption, Passphrase);
    }

    public DirectoryInfo Directory { get; }

    public SigningKeyPair Signing { get; } = SigningKeyPair.Generate();

    public EncryptionKeyPair Encryption { get; } = EncryptionKeyPair.Generate();

    public string SigningPath { get; }

    public string EncryptionPath { get; }

    public string NewPath(string name) => Path.Combine(Directory.FullName, name);

    public void Dispose() => Directory.Delete(recursive: true);
}
