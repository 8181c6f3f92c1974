using System.Text;

namespace Isac.Core.Policy;

/// <summary>
/// The audience a publisher names: communities and/or members, by id. An empty audience means everyone in the
/// directory and is valid only for TLP:CLEAR (see <see cref="Everyone"/>). Ids are kept as given (the policy
/// refuses malformed ones with <see cref="DenialReason.MalformedId"/>), deduplicated and sorted ordinally, so
/// that equal audiences compare equal whatever order the header named them in.
/// </summary>
public sealed record Audience
{
    /// <summary>Creates an audience.</summary>
    /// <exception cref="ArgumentException">An id is null.</exception>
    public Audience(IEnumerable<string> communities, IEnumerable<string> members)
    {
        Communities = Normalize(communities, nameof(communities));
        Members = Normalize(members, nameof(members));
    }

    /// <summary>The empty audience: for TLP:CLEAR, every member of the directory except the sender; refused for
    /// any other label.</summary>
    public static Audience Everyone { get; } = new([], []);

    /// <summary>Community ids, distinct, in ordinal order.</summary>
    public IReadOnlyList<string> Communities { get; }

    /// <summary>Member ids, distinct, in ordinal order.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>True if the audience names no community and no member.</summary>
    public bool IsEmpty => Communities.Count == 0 && Members.Count == 0;

    /// <summary>An audience of communities only.</summary>
    public static Audience OfCommunities(params string[] communities) => new(communities, []);

    /// <summary>An audience of named members only.</summary>
    public static Audience OfMembers(params string[] members) => new([], members);

    /// <summary>The audience of a wire routing header.</summary>
    public static Audience FromWire(Isac.V1.Audience? wire) =>
        wire is null ? Everyone : new Audience(wire.Communities, wire.Members);

    /// <inheritdoc />
    public bool Equals(Audience? other) =>
        other is not null
        && Communities.SequenceEqual(other.Communities, StringComparer.Ordinal)
        && Members.SequenceEqual(other.Members, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var community in Communities)
        {
            hash.Add(community, StringComparer.Ordinal);
        }

        hash.Add('|');
        foreach (var member in Members)
        {
            hash.Add(member, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Communities = [").AppendJoin(", ", Communities)
            .Append("], Members = [").AppendJoin(", ", Members).Append(']');
        return true;
    }

    private static string[] Normalize(IEnumerable<string> ids, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(ids, parameterName);
        var list = ids.ToList();
        if (list.Contains(null!))
        {
            throw new ArgumentException("An audience id is null.", parameterName);
        }

        return [.. list.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
