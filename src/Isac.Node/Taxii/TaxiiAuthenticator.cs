using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Isac.Core.Labels;
using Isac.Node.Configuration;
using Microsoft.Extensions.Options;

namespace Isac.Node.Taxii;

/// <summary>
/// HTTP basic (over TLS) or bearer-token authentication against the configured local users. A PBKDF2 check
/// costs a large fraction of a second by design, so a password that verified once is remembered (as a SHA-256
/// of user and password, in memory only) and a paging client does not pay it on every page.
/// </summary>
internal sealed class TaxiiAuthenticator
{
    private readonly IReadOnlyList<(TaxiiUserOptions Options, TaxiiUser User)> _users;
    private readonly ConcurrentDictionary<string, TaxiiUser> _verified = new(StringComparer.Ordinal);

    public TaxiiAuthenticator(IOptions<TaxiiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _users = options.Value.Users
            .Select(u => (u, new TaxiiUser(u.Name!, u.Read.Select(TlpLabels.Parse).ToHashSet(), u.WriteOutbox)))
            .ToList();
    }

    /// <summary>The user the request's <c>Authorization</c> header proves; null when absent or wrong.</summary>
    public TaxiiUser? Authenticate(string? authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header) || string.IsNullOrEmpty(header.Parameter))
        {
            return null;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(header.Parameter));
            foreach (var (settings, user) in _users)
            {
                if (settings.TokenSha256 is { Length: 64 } expected
                    && CryptographicOperations.FixedTimeEquals(digest, Convert.FromHexString(expected)))
                {
                    return user;
                }
            }

            return null;
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var name = decoded[..colon];
        var password = decoded[(colon + 1)..];
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}\0{password}")));
        if (_verified.TryGetValue(key, out var known))
        {
            return known;
        }

        var match = _users.FirstOrDefault(u => string.Equals(u.Options.Name, name, StringComparison.Ordinal));
        if (match.User is null || match.Options.PasswordHash is null || !TaxiiPasswordHash.Verify(password, match.Options.PasswordHash))
        {
            return null;
        }

        _verified[key] = match.User;
        return match.User;
    }
}
