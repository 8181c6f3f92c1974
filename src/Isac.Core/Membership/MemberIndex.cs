namespace Isac.Core.Membership;

/// <summary>
/// Members indexed once, by id, by community and by organization (each part built on first use), so
/// that an audience is resolved in time proportional to its size rather than to the directory's. Holds no time:
/// card validity is checked per candidate by <see cref="ActiveMemberView"/>. Immutable; safe to share.
/// </summary>
internal sealed class MemberIndex
{
    private readonly Lazy<Member[]> _all;
    private readonly Lazy<Dictionary<string, Member[]>> _byCommunity;
    private readonly Lazy<Dictionary<string, Member[]>> _byOrganization;

    private MemberIndex(IReadOnlyDictionary<string, Member> byId)
    {
        ById = byId;
        _all = new(() => [.. byId.Values]);
        _byCommunity = new(() => Group(_all.Value, member => member.Communities));
        _byOrganization = new(() => Group(_all.Value, member => [member.Organization]));
    }

    /// <summary>Every indexed member (no particular order).</summary>
    public Member[] All => _all.Value;

    /// <summary>The members by id.</summary>
    public IReadOnlyDictionary<string, Member> ById { get; }

    /// <summary>An index over a verified snapshot's unrevoked members (ids already unique).</summary>
    public static MemberIndex Over(IReadOnlyDictionary<string, Member> byId) => new(byId);

    /// <summary>An index over a caller's list of members.</summary>
    /// <exception cref="ArgumentException">A member is null or listed twice.</exception>
    public static MemberIndex Of(IReadOnlyCollection<Member> members, string parameterName)
    {
        var byId = new Dictionary<string, Member>(members.Count, StringComparer.Ordinal);
        foreach (var member in members)
        {
            ArgumentNullException.ThrowIfNull(member, parameterName);
            if (!byId.TryAdd(member.MemberId, member))
            {
                throw new ArgumentException($"The directory holds member '{member.MemberId}' twice.", parameterName);
            }
        }

        return new MemberIndex(byId);
    }

    /// <summary>The members of <paramref name="community"/> (no particular order).</summary>
    public Member[] InCommunity(string community) => _byCommunity.Value.GetValueOrDefault(community) ?? [];

    /// <summary>The members of <paramref name="organization"/> (no particular order).</summary>
    public Member[] InOrganization(string organization) => _byOrganization.Value.GetValueOrDefault(organization) ?? [];

    private static Dictionary<string, Member[]> Group(Member[] members, Func<Member, IEnumerable<string>> keys)
    {
        var groups = new Dictionary<string, List<Member>>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            foreach (var key in keys(member))
            {
                if (!groups.TryGetValue(key, out var group))
                {
                    groups[key] = group = [];
                }

                group.Add(member);
            }
        }

        return groups.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }
}
