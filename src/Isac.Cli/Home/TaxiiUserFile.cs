using System.Text.Json;
using System.Text.Json.Serialization;

namespace Isac.Cli.Home;

/// <summary>
/// The node's local TAXII users in <c>members/&lt;id&gt;/taxii-users.json</c> (<see cref="IsacHome.TaxiiUsersPath"/>):
/// hashes only, written atomically and readable by the owner only; <c>isac node run --taxii-port</c> reads it.
/// </summary>
internal static class TaxiiUserFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The users in the file; empty when there is no file yet.</summary>
    public static async Task<IReadOnlyList<TaxiiUserEntry>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            await using var stream = File.OpenRead(path);
            var document = await JsonSerializer.DeserializeAsync<UsersDocument>(stream, Json, cancellationToken).ConfigureAwait(false);
            var users = document?.Users ?? [];
            if (users.Any(u => string.IsNullOrWhiteSpace(u.Name) || u.Read is null))
            {
                throw new CliException($"the TAXII users file {path} has a user without a name or read list; fix or remove it (`isac taxii user remove`)");
            }

            return users;
        }
        catch (JsonException e)
        {
            throw new CliException($"the TAXII users file {path} is not valid JSON ({e.Message}); fix or delete it and add the users again", e);
        }
    }

    /// <summary>Replaces the file with <paramref name="users"/> (atomically, mode 0600 where the OS has modes).</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<TaxiiUserEntry> users, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.Delete(temp); // a leftover would keep its old mode
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new UsersDocument(users.ToList()), Json);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temp, options))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temp, path, overwrite: true);
    }

    private sealed record UsersDocument(List<TaxiiUserEntry> Users);
}
