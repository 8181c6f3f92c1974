namespace Isac.Core.Membership;

/// <summary>
/// The active members of a verified directory snapshot at one instant, looked up through the snapshot's index
/// (built once per snapshot): by id, by community, by organization. Revoked cards are not in the index; each
/// candidate's card validity (not before / not after) is checked against the instant as it is read, and, when
/// the view is narrowed with <see cref="AlsoActiveIn"/>, that the member is still active in a newer snapshot.
/// Looking up an audience costs time proportional to the audience, not to the directory.
/// </summary>
public sealed class ActiveMemberView
{
    private readonly MemberIndex _index;
    private readonly DateTimeOffset? _now;
    private readonly VerifiedDirectory? _also;
    private readonly DateTimeOffset _alsoNow;

    private ActiveMemberView(MemberIndex index, DateTimeOffset? now, VerifiedDirectory? also, DateTimeOffset alsoNow)
    {
        _index = index;
        _now = now;
        _also = also;
        _alsoNow = alsoNow;
    }

    /// <summary>Every active member (linear in the directory: a broadcast's audience is the directory).</summary>
    public IEnumerable<Member> All => Active(_index.All);

    /// <summary>
    /// The members of a caller's list, each taken as active (the caller has removed revoked and expired ones), in
    /// a view the policy can use.
    /// </summary>
    /// <exception cref="ArgumentException">A member is null or listed twice.</exception>
    public static ActiveMemberView Of(IReadOnlyCollection<Member> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return new ActiveMemberView(MemberIndex.Of(members, nameof(members)), null, null, default);
    }

    /// <summary>
    /// This view restricted to members that are also active in <paramref name="other"/> now (its clock): the
    /// broker resolves against the cards a bundle was sealed to, but only for members not revoked since.
    /// </summary>
    public ActiveMemberView AlsoActiveIn(VerifiedDirectory other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_also is not null)
        {
            throw new InvalidOperationException("The view is already restricted to another directory.");
        }

        return new ActiveMemberView(_index, _now, other, other.Now);
    }

    /// <summary>The active member <paramref name="memberId"/>, or null if unknown, revoked or outside its validity.</summary>
    public Member? Find(string memberId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        return _index.ById.TryGetValue(memberId, out var member) && IsActive(member) ? member : null;
    }

    /// <summary>The active members of <paramref name="community"/>.</summary>
    public IEnumerable<Member> InCommunity(string community)
    {
        ArgumentNullException.ThrowIfNull(community);
        return Active(_index.InCommunity(community));
    }

    /// <summary>The active members of <paramref name="organization"/>.</summary>
    public IEnumerable<Member> InOrganization(string organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return Active(_index.InOrganization(organization));
    }

    internal static ActiveMemberView At(MemberIndex index, DateTimeOffset now) => new(index, now, null, default);

    private IEnumerable<Member> Active(Member[] candidates)
    {
        foreach (var member in candidates)
        {
            if (IsActive(member))
            {
                yield return member;
            }
        }
    }

    private bool IsActive(Member member) =>
        (_now is not { } now || VerifiedDirectory.IsCardValidAt(member, now))
        && (_also is null || _also.FindActiveAt(member.MemberId, _alsoNow) is not null);
}
