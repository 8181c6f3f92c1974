namespace Isac.Core.Envelope;

/// <summary>Bundle ids: UUIDv7 as 16 bytes in RFC 9562 (network, big-endian) order.</summary>
public static class BundleIds
{
    /// <summary>A new UUIDv7 in network byte order.</summary>
    public static byte[] New() => Guid.CreateVersion7().ToByteArray(bigEndian: true);

    /// <summary>The canonical text form (8-4-4-4-12 hex) of a 16-byte id.</summary>
    public static string ToText(ReadOnlySpan<byte> id)
        => id.Length == 16 ? new Guid(id, bigEndian: true).ToString("D") : Convert.ToHexStringLower(id);

    /// <summary>Parses the text form back to 16 network-order bytes.</summary>
    public static byte[] Parse(string text) => Guid.Parse(text).ToByteArray(bigEndian: true);
}
