using Google.Protobuf;
using Isac.V1;

namespace Isac.Core.Membership;

/// <summary>
/// The roster file the broker reads (<c>Isac:Directory:RosterPath</c>): one binary <see cref="DirectoryRoster"/>
/// holding the root-signed member cards and the revocations. Written atomically (a temp file renamed over the
/// old one), so a broker that re-reads it while it changes sees the old roster or the new one, never half.
/// </summary>
public static class RosterFile
{
    /// <summary>Largest roster read (20,000 cards of about 400 bytes fit well below it).</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>Reads the roster at <paramref name="path"/>; a missing file is an empty roster.</summary>
    /// <exception cref="InvalidDataException">The file is too large or not a roster.</exception>
    public static async Task<DirectoryRoster> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return new DirectoryRoster();
        }

        if (file.Length > MaxBytes)
        {
            throw new InvalidDataException($"roster file {path} is {file.Length} bytes, more than the {MaxBytes} allowed");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return DirectoryRoster.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"roster file {path} is not an isac.v1.DirectoryRoster: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="roster"/> to <paramref name="path"/> atomically (directory created if needed).</summary>
    public static async Task WriteAsync(string path, DirectoryRoster roster, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(roster);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, roster.ToByteArray(), cancellationToken).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
