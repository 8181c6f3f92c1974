using System.Collections.Frozen;
using Isac.Core.Labels;

namespace Isac.Core.Membership;

/// <summary>
/// A directory snapshot whose whole chain verified: root-certified directory key, snapshot signature, every card
/// signed by the root. It may have expired since (see <see cref="IsExpiredAt"/>): an expired snapshot still
/// serves to read, but not to seal anything above TLP:CLEAR. Only <see cref="ActiveMembers"/> may be used for
/// sharing decisions: a card outside its validity or covered by a revocation is listed but never active.
/// </summary>
public sealed class VerifiedDirectory : IMemberDirectory
{
    private readonly TimeProvider _time;
    private readonly FrozenDictionary<string, Member> _members;
    private readonly FrozenDictionary<string, Member> _unrevoked;
    private readonly FrozenDictionary<string, MemberRevocation[]> _revocations;
    private readonly Lazy<MemberIndex> _index;

    internal VerifiedDirectory(
        ulong version,
        DateTimeOffset issuedAt,
        DateTimeOffset expiresAt,
        byte[] directoryKeyId,
        byte[] signedSnapshotBytes,
        DirectoryVersionMark mark,
        IReadOnlyList<Member> members,
        IReadOnlyList<MemberRevocation> revocations,
        IReadOnlyList<CertifiedBrokerKey> brokerKeys,
        TimeProvider time)
    {
        BrokerKeys = brokerKeys;
        Version = version;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        DirectoryKeyId = directoryKeyId;
        SignedSnapshotBytes = signedSnapshotBytes;
        Mark = mark;
        Revocations = revocations;
        _time = time;
        _members = members.ToFrozenDictionary(member => member.MemberId, StringComparer.Ordinal);
        _revocations = revocations
            .GroupBy(revocation => revocation.MemberId, StringComparer.Ordinal)
            .ToFrozenDictionary(group => group.Key, group => group.ToArray(), StringComparer.Ordinal);
        _unrevoked = members
            .Where(member => FindRevocationOfCard(member) is null)
            .ToFrozenDictionary(member => member.MemberId, StringComparer.Ordinal);
        _index = new Lazy<MemberIndex>(() => MemberIndex.Over(_unrevoked));
    }

    /// <summary>The snapshot version.</summary>
    public ulong Version { get; }

    /// <summary>When the directory key issued the snapshot.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>When the snapshot expires; after that, nothing above TLP:CLEAR may be sealed against it.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The key id of the directory key that signed the snapshot.</summary>
    public ReadOnlyMemory<byte> DirectoryKeyId { get; }

    /// <summary>The exact bytes of the <c>SignedDirectorySnapshot</c> as received, to store or pass on unchanged.</summary>
    public ReadOnlyMemory<byte> SignedSnapshotBytes { get; }

    /// <summary>The version and snapshot digest to remember (see <see cref="DirectoryVersionTracker"/>).</summary>
    public DirectoryVersionMark Mark { get; }

    /// <summary>
    /// Every member the snapshot lists with a root-signed card, active or not. For any sharing decision use
    /// <see cref="ActiveMembers"/> or <see cref="FindActive(string)"/> instead.
    /// </summary>
    public IReadOnlyCollection<Member> Members => _members.Values;

    /// <summary>The revocations the snapshot lists.</summary>
    public IReadOnlyList<MemberRevocation> Revocations { get; }

    /// <summary>The root-certified broker keys the snapshot lists (receipt and audit-checkpoint signers), expired ones included.</summary>
    public IReadOnlyList<CertifiedBrokerKey> BrokerKeys { get; }

    /// <summary>The certified broker key with id <paramref name="keyId"/>, or null.</summary>
    public CertifiedBrokerKey? FindBrokerKey(ReadOnlySpan<byte> keyId)
    {
        foreach (var key in BrokerKeys)
        {
            if (key.KeyId.AsSpan().SequenceEqual(keyId))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>
    /// The card of <paramref name="memberId"/> whether it is active, revoked or outside its validity, with the
    /// earliest revocation covering it; null if the snapshot lists no card for it. Never use it to choose
    /// recipients: it exists to judge mail accepted before a revocation.
    /// </summary>
    public ListedMember? FindListed(string memberId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        if (!_members.TryGetValue(memberId, out var member))
        {
            return null;
        }

        MemberRevocation? earliest = null;
        if (_revocations.TryGetValue(memberId, out var revocations))
        {
            foreach (var revocation in revocations)
            {
                if ((revocation.Covers(member.SigningKeyId) || revocation.Covers(member.EncryptionKeyId))
                    && (earliest is null || revocation.RevokedAt < earliest.RevokedAt))
                {
                    earliest = revocation;
                }
            }
        }

        return new ListedMember(member, earliest);
    }

    /// <summary>The members active now (clock of the verifier's <see cref="TimeProvider"/>).</summary>
    public IReadOnlyCollection<Member> ActiveMembers => ActiveMembersAt(_time.GetUtcNow());

    /// <summary>The members whose card is valid at <paramref name="now"/> and not revoked.</summary>
    public IReadOnlyCollection<Member> ActiveMembersAt(DateTimeOffset now) =>
        _unrevoked.Values.Where(member => IsCardValidAt(member, now)).ToArray();

    /// <summary>
    /// The members active now, as an indexed view (the index is built once per snapshot, on first use): the
    /// sharing policy resolves an audience through it in time proportional to the audience.
    /// </summary>
    public ActiveMemberView ActiveView => ActiveViewAt(_time.GetUtcNow());

    /// <summary>The members whose card is valid at <paramref name="now"/> and not revoked, as an indexed view.</summary>
    public ActiveMemberView ActiveViewAt(DateTimeOffset now) => ActiveMemberView.At(_index.Value, now);

    /// <summary>The verifier's clock now.</summary>
    internal DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The member <paramref name="memberId"/> if it is active now, otherwise null.</summary>
    public Member? FindActive(string memberId) => FindActiveAt(memberId, _time.GetUtcNow());

    /// <summary>The member <paramref name="memberId"/> if its card is valid at <paramref name="now"/> and not revoked.</summary>
    public Member? FindActiveAt(string memberId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        return _unrevoked.TryGetValue(memberId, out var member) && IsCardValidAt(member, now) ? member : null;
    }

    /// <summary>The active member whose signing key has id <paramref name="signingKeyId"/>, now.</summary>
    public Member? FindActiveBySigningKeyId(ReadOnlySpan<byte> signingKeyId) =>
        FindActiveBySigningKeyIdAt(signingKeyId, _time.GetUtcNow());

    /// <summary>The member active at <paramref name="now"/> whose signing key has id <paramref name="signingKeyId"/>.</summary>
    public Member? FindActiveBySigningKeyIdAt(ReadOnlySpan<byte> signingKeyId, DateTimeOffset now)
    {
        foreach (var member in _unrevoked.Values)
        {
            if (member.SigningKeyId.AsSpan().SequenceEqual(signingKeyId) && IsCardValidAt(member, now))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>
    /// True if a revocation covers <paramref name="keyId"/> of <paramref name="memberId"/> (or all its keys).
    /// With an empty <paramref name="keyId"/>, true only if every key of the member is revoked.
    /// </summary>
    public bool IsRevoked(string memberId, ReadOnlySpan<byte> keyId) => FindRevocation(memberId, keyId) is not null;

    /// <summary>The revocation covering <paramref name="keyId"/> of <paramref name="memberId"/>, or null.</summary>
    public MemberRevocation? FindRevocation(string memberId, ReadOnlySpan<byte> keyId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        if (!_revocations.TryGetValue(memberId, out var revocations))
        {
            return null;
        }

        foreach (var revocation in revocations)
        {
            if (revocation.Covers(keyId))
            {
                return revocation;
            }
        }

        return null;
    }

    /// <summary>True if the snapshot has expired at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now > ExpiresAt;

    /// <summary>Whether a node may seal <paramref name="label"/> against this snapshot now.</summary>
    public DirectoryDecision CanSeal(Tlp label) => CanSealAt(label, _time.GetUtcNow());

    /// <summary>
    /// Whether a node may seal <paramref name="label"/> against this snapshot at <paramref name="now"/>: TLP:CLEAR
    /// always (it is only signed, and names no recipient key); anything above only while the snapshot is unexpired,
    /// so a hidden revocation cannot keep a revoked recipient's key in use for long.
    /// </summary>
    public DirectoryDecision CanSealAt(Tlp label, DateTimeOffset now)
    {
        if (!Enum.IsDefined(label))
        {
            return DirectoryDecision.Deny($"{(int)label} is not a TLP label");
        }

        if (label == Tlp.Clear)
        {
            return DirectoryDecision.Allow("TLP:CLEAR is signed only and needs no current recipient keys");
        }

        return IsExpiredAt(now)
            ? DirectoryDecision.Deny($"directory version {Version} expired at {ExpiresAt:O}; sealing {label} needs a current snapshot")
            : DirectoryDecision.Allow($"directory version {Version} is current until {ExpiresAt:O}");
    }

    internal static bool IsCardValidAt(Member member, DateTimeOffset now) => member.NotBefore <= now && now <= member.NotAfter;

    // A card is revoked if a revocation names all its member's keys, its signing key or its encryption key.
    private MemberRevocation? FindRevocationOfCard(Member member) =>
        FindRevocation(member.MemberId, member.SigningKeyId) ?? FindRevocation(member.MemberId, member.EncryptionKeyId);
}
