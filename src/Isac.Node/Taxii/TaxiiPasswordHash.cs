using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Isac.Node.Taxii;

/// <summary>
/// Password hashes for TAXII users: PBKDF2-HMAC-SHA256, written <c>pbkdf2-sha256$iterations$salt$hash</c> with
/// base64 salt (16 bytes) and hash (32 bytes). The same string can be made without .NET (see docs/taxii.md).
/// </summary>
internal static class TaxiiPasswordHash
{
    /// <summary>The prefix of a hash string.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations for new hashes (OWASP's figure for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The fewest iterations a configured hash may use.</summary>
    public const int MinIterations = 100_000;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Why <paramref name="hash"/> is not a usable hash string; null when it is.</summary>
    public static string? Describe(string? hash) => TryParse(hash, out _, out _, out _) ? null
        : $"must be {Scheme}$<iterations of at least {MinIterations}>$<base64 salt>$<base64 32-byte hash>";

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/> (constant-time comparison).</summary>
    public static bool Verify(string password, string hash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(hash, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? text, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = text?.Split('$');
        if (parts is not [Scheme, var count, var saltText, var hashText]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations < MinIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(saltText);
            hash = Convert.FromBase64String(hashText);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length == 32;
    }
}
