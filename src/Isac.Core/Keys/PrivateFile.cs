namespace Isac.Core.Keys;

/// <summary>Writes secret files atomically (temp file, flush, rename) with owner-only permissions from creation.</summary>
internal static class PrivateFile
{
    /// <summary>Owner read and write (0600): the mode of every key file.</summary>
    internal const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner only (0700), for a key directory this code creates.</summary>
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    internal static void WriteAtomically(string path, ReadOnlySpan<byte> content, bool overwrite)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' has no parent directory.", nameof(path));
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }
        }

        if (!overwrite && File.Exists(fullPath))
        {
            throw AlreadyExists(path);
        }

        // Same directory, so the rename cannot cross file systems; a crash leaves either the old file or the new
        // one, never half a key.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
            };
            if (!OperatingSystem.IsWindows())
            {
                // Set at creation: a chmod afterwards would leave a window in which the file is readable by others.
                options.UnixCreateMode = OwnerOnly;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, fullPath, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(fullPath))
            {
                throw AlreadyExists(path);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    internal static KeyStoreException AlreadyExists(string path) =>
        new(KeyStoreError.AlreadyExists, $"{path} already exists; a key file is never overwritten unless asked to", path);
}
