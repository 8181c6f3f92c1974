namespace Isac.Core.Policy;

/// <summary>
/// The grammar of member and community ids, <c>[a-z0-9][a-z0-9.:-]{0,63}</c> (DESIGN.md section 3): lower-case
/// ASCII so that two spellings never name the same member, and short enough for routing keys.
/// </summary>
public static class MemberIds
{
    /// <summary>The longest valid id.</summary>
    public const int MaxLength = 64;

    /// <summary>The grammar, for messages.</summary>
    public const string Pattern = "[a-z0-9][a-z0-9.:-]{0,63}";

    /// <summary>True if <paramref name="id"/> is a valid member or community id.</summary>
    public static bool IsValid(string? id)
    {
        // A loop rather than a regular expression: '$' would also match before a trailing newline.
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || !IsAlphanumeric(id[0]))
        {
            return false;
        }

        foreach (var c in id.AsSpan(1))
        {
            if (!IsAlphanumeric(c) && c is not ('.' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
