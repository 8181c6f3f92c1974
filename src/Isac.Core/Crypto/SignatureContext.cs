using System.Text;

namespace Isac.Core.Crypto;

/// <summary>
/// Domain separation for Ed25519 signatures: every signed type has its own context, and a signature is
/// over <c>context || 0x00 || message</c>. The terminating zero byte makes the contexts prefix-free
/// (<c>isac/v1/directory</c> is a prefix of <c>isac/v1/directory-key</c>), so no signature of one type can be
/// read as a signature of another.
/// </summary>
public sealed class SignatureContext
{
    private SignatureContext(string name)
    {
        Name = name;
        Prefix = [.. Encoding.ASCII.GetBytes(name), 0];
    }

    /// <summary>The routing header of a sealed bundle, signed by the sender.</summary>
    public static SignatureContext Header { get; } = new("isac/v1/header");

    /// <summary>A member card, signed by the governance root.</summary>
    public static SignatureContext Card { get; } = new("isac/v1/card");

    /// <summary>A directory-key certificate, signed by the governance root.</summary>
    public static SignatureContext DirectoryKey { get; } = new("isac/v1/directory-key");

    /// <summary>A directory snapshot, signed by a certified directory key.</summary>
    public static SignatureContext Directory { get; } = new("isac/v1/directory");

    /// <summary>A broker receipt, signed by the broker's key.</summary>
    public static SignatureContext Receipt { get; } = new("isac/v1/receipt");

    /// <summary>An audit-chain checkpoint, signed by the broker's key.</summary>
    public static SignatureContext AuditCheckpoint { get; } = new("isac/v1/audit-checkpoint");

    /// <summary>The broker's signing-key certificate, signed by the governance root.</summary>
    public static SignatureContext BrokerKey { get; } = new("isac/v1/broker-key");

    /// <summary>The context name, e.g. <c>isac/v1/header</c>.</summary>
    public string Name { get; }

    /// <summary>The ASCII name followed by one zero byte.</summary>
    internal byte[] Prefix { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
