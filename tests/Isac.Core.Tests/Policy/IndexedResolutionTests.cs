using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Isac.Core.Tests.Policy;

/// <summary>
/// The indexed resolution (<see cref="VerifiedDirectory.ActiveView"/>) against a brute-force reference written
/// here from the rules, and against the list-based resolution, on randomized directories of several thousand
/// members: random roles, clearances, communities, organizations, card validity and revocations (of all keys,
/// of one key, of a key the card does not hold), random senders, labels and audiences.
/// </summary>
public sealed class IndexedResolutionTests
{
    private const int MemberCount = 3000;
    private static readonly DateTimeOffset Now = new(2026, 11, 3, 6, 0, 0, TimeSpan.Zero);
    private static readonly Tlp[] Labels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];
    private static readonly Role[] Roles = [Role.Cert, Role.ElectionOffice, Role.Vendor, Role.Agency];
    private static readonly string[] Communities = [.. Enumerable.Range(0, 15).Select(i => $"community-{i:00}")];
    private readonly SharingPolicy policy = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ResolveRecipients_Indexed_MatchesBruteForceAndListResolution(int seed)
    {
        var world = RandomWorld.Create(seed);
        var view = world.Directory.ActiveViewAt(Now);
        var list = world.Directory.ActiveMembersAt(Now);
        var random = new Random(seed * 7919);
        var allowed = 0;
        var largest = 0;
        for (var i = 0; i < 400; i++)
        {
            var sender = world.RandomActiveSender(random);
            var label = Labels[random.Next(Labels.Length)];
            var audience = world.RandomAudience(random, label);

            var indexed = policy.ResolveRecipients(sender, label, audience, view);
            var reference = BruteForce(sender, label, audience, world, world.ActiveIds);
            var fromList = policy.ResolveRecipients(sender, label, audience, list);

            var context = $"seed {seed}, case {i}: {sender.MemberId} {label} {audience}";
            Assert.True(reference.Reason == indexed.Decision.Reason, $"{context}: expected {reference.Reason}, got {indexed.Decision.Reason} ({indexed.Decision.Message})");
            Assert.True(reference.Recipients.SequenceEqual(Ids(indexed)), $"{context}: recipients differ from the brute-force reference");
            Assert.Equal(fromList.Decision, indexed.Decision);
            Assert.Equal(Ids(fromList), Ids(indexed));
            if (indexed.IsAllowed)
            {
                allowed++;
                largest = Math.Max(largest, indexed.Recipients.Count);
            }
        }

        // The cases must exercise real expansions, not only refusals.
        Assert.InRange(allowed, 100, 400);
        Assert.True(largest >= 200, $"largest audience was {largest}");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void ResolveRecipients_RestrictedToAnotherSnapshot_MatchesBruteForce(int seed)
    {
        var world = RandomWorld.Create(seed);
        var current = world.Successor(new Random(seed * 31));
        var view = world.Directory.ActiveViewAt(Now).AlsoActiveIn(current.Directory);
        var both = world.ActiveIds.Where(current.ActiveIds.Contains).ToHashSet(StringComparer.Ordinal);
        Assert.True(both.Count < world.ActiveIds.Count, "the successor must revoke some members");
        var random = new Random(seed * 7919);
        var allowed = 0;
        for (var i = 0; i < 300; i++)
        {
            var sender = world.RandomActiveSender(random);
            var label = Labels[random.Next(Labels.Length)];
            var audience = world.RandomAudience(random, label);

            var indexed = policy.ResolveRecipients(sender, label, audience, view);
            var reference = BruteForce(sender, label, audience, world, both);

            var context = $"seed {seed}, case {i}: {sender.MemberId} {label} {audience}";
            Assert.True(reference.Reason == indexed.Decision.Reason, $"{context}: expected {reference.Reason}, got {indexed.Decision.Reason} ({indexed.Decision.Message})");
            Assert.True(reference.Recipients.SequenceEqual(Ids(indexed)), $"{context}: recipients differ from the brute-force reference");
            allowed += indexed.IsAllowed ? 1 : 0;
        }

        Assert.InRange(allowed, 50, 300);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void ResolveForwardRecipients_Indexed_MatchesListResolution(int seed)
    {
        var world = RandomWorld.Create(seed);
        var view = world.Directory.ActiveViewAt(Now);
        var list = world.Directory.ActiveMembersAt(Now);
        var random = new Random(seed * 7919);
        var allowed = 0;
        for (var i = 0; i < 300; i++)
        {
            var forwarder = world.RandomActiveSender(random);
            var originalLabel = Labels[random.Next(Labels.Length)];
            var originalAudience = world.RandomAudience(random, originalLabel);
            var newLabel = Labels[random.Next(Labels.Length)];
            var newAudience = world.RandomAudience(random, newLabel, forwarder);

            var indexed = policy.ResolveForwardRecipients(forwarder, originalLabel, originalAudience, newLabel, newAudience, view);
            var fromList = policy.ResolveForwardRecipients(forwarder, originalLabel, originalAudience, newLabel, newAudience, list);

            Assert.Equal(fromList.Decision, indexed.Decision);
            Assert.Equal(Ids(fromList), Ids(indexed));
            Assert.Equal(
                policy.CanForward(forwarder, originalLabel, originalAudience, newLabel, newAudience, list),
                policy.CanForward(forwarder, originalLabel, originalAudience, newLabel, newAudience, view));
            allowed += indexed.IsAllowed ? 1 : 0;
        }

        Assert.True(allowed >= 10, $"only {allowed} forwards were allowed");
    }

    [Theory]
    [InlineData(8)]
    public void ActiveView_LookUps_MatchBruteForce(int seed)
    {
        var world = RandomWorld.Create(seed);
        var view = world.Directory.ActiveViewAt(Now);
        var active = world.Members.Where(m => world.ActiveIds.Contains(m.MemberId)).ToList();

        Assert.Equal(Sorted(active), Sorted(view.All));
        foreach (var community in Communities.Append("no-such-community"))
        {
            Assert.Equal(Sorted(active.Where(m => m.Communities.Contains(community))), Sorted(view.InCommunity(community)));
        }

        foreach (var organization in world.Members.Select(m => m.Organization).Distinct().Append("no-such-organization"))
        {
            Assert.Equal(Sorted(active.Where(m => m.Organization == organization)), Sorted(view.InOrganization(organization)));
        }

        foreach (var member in world.Members)
        {
            Assert.Equal(world.ActiveIds.Contains(member.MemberId), view.Find(member.MemberId) is not null);
        }
    }

    // The rules written out directly: named members first (in audience order: the first failure is reported),
    // then the cleared members of the named communities (or everyone for an empty audience), sender excluded.
    private (DenialReason Reason, string[] Recipients) BruteForce(Member sender, Tlp label, Audience audience, RandomWorld world, HashSet<string> activeIds)
    {
        var decision = policy.CanPublish(sender, label, audience);
        if (!decision.IsAllowed)
        {
            return (decision.Reason, []);
        }

        var recipients = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in audience.Members)
        {
            var named = id == sender.MemberId ? sender : activeIds.Contains(id) ? world.ById.GetValueOrDefault(id) : null;
            if (named is null)
            {
                return (DenialReason.UnknownRecipient, []);
            }

            var mayName = ReferenceEquals(named, sender) || policy.Rules.Grants(sender.Roles, AudienceKind.Members, label)
                .Any(g => g.RecipientRoles is null || g.RecipientRoles.Overlaps(named.Roles));
            if (!mayName)
            {
                return (DenialReason.AudienceNotAllowedForRole, []);
            }

            if (named.Clearance < label)
            {
                return (DenialReason.RecipientNotCleared, []);
            }

            recipients.Add(id);
        }

        foreach (var member in world.Members)
        {
            if (activeIds.Contains(member.MemberId) && member.MemberId != sender.MemberId && member.Clearance >= label
                && (audience.IsEmpty || member.Communities.Any(audience.Communities.Contains)))
            {
                recipients.Add(member.MemberId);
            }
        }

        return recipients.Count == 0
            ? (DenialReason.NoRecipients, [])
            : (decision.Reason, [.. recipients.Order(StringComparer.Ordinal)]);
    }

    private static string[] Ids(RecipientResolution resolution) => [.. resolution.Recipients.Select(m => m.MemberId)];

    private static string[] Sorted(IEnumerable<Member> members) => [.. members.Select(m => m.MemberId).Order(StringComparer.Ordinal)];

    /// <summary>A random directory, verified at <see cref="Now"/>, and the ids a brute-force scan finds active.</summary>
    private sealed class RandomWorld
    {
        private RandomWorld(IReadOnlyList<Member> members, IReadOnlyList<MemberRevocation> revocations)
        {
            Members = members;
            ById = members.ToDictionary(m => m.MemberId, StringComparer.Ordinal);
            Revocations = revocations;
            Directory = new VerifiedDirectory(
                1, Now.AddHours(-1), Now.AddHours(6), new byte[16], [], new DirectoryVersionMark(1, "test"),
                members, revocations, [], new FakeTimeProvider(Now));
            // Brute force: valid now, and no revocation of the member naming all its keys or one of this card's keys.
            ActiveIds = members
                .Where(m => m.NotBefore <= Now && Now <= m.NotAfter)
                .Where(m => !revocations.Any(r => r.MemberId == m.MemberId
                    && (r.KeyId.IsEmpty || r.KeyId.Span.SequenceEqual(m.SigningKeyId) || r.KeyId.Span.SequenceEqual(m.EncryptionKeyId))))
                .Select(m => m.MemberId)
                .ToHashSet(StringComparer.Ordinal);
        }

        public IReadOnlyList<Member> Members { get; }

        public IReadOnlyList<MemberRevocation> Revocations { get; }

        public Dictionary<string, Member> ById { get; }

        public VerifiedDirectory Directory { get; }

        public HashSet<string> ActiveIds { get; }

        public static RandomWorld Create(int seed)
        {
            var random = new Random(seed);
            var members = new List<Member>(MemberCount);
            for (var i = 0; i < MemberCount; i++)
            {
                var roles = new HashSet<Role> { Roles[random.Next(Roles.Length)] };
                if (random.Next(10) == 0)
                {
                    roles.Add(Roles[random.Next(Roles.Length)]);
                }

                var communities = Enumerable.Range(0, random.Next(4)).Select(_ => Communities[random.Next(Communities.Length)]);
                var validity = random.Next(20);
                var notBefore = validity == 0 ? Now.AddMinutes(1) : Now.AddDays(-30);
                var notAfter = validity == 1 ? Now.AddMinutes(-1) : validity == 2 ? Now : Now.AddDays(300);
                members.Add(new Member(
                    $"m{i:00000}",
                    $"org-{random.Next(60)}",
                    roles,
                    Labels[random.Next(Labels.Length)],
                    communities.ToHashSet(StringComparer.Ordinal),
                    new HashSet<string>(Enumerable.Range(0, random.Next(3)).Select(_ => $"m{random.Next(MemberCount):00000}"), StringComparer.Ordinal),
                    RandomKey(random),
                    RandomKey(random),
                    notBefore,
                    notAfter));
            }

            return new RandomWorld(members, RandomRevocations(random, members, 0.08));
        }

        /// <summary>The next snapshot: the same cards, with more revocations.</summary>
        public RandomWorld Successor(Random random) => new(Members, [.. Revocations, .. RandomRevocations(random, Members, 0.06)]);

        public Member RandomActiveSender(Random random)
        {
            while (true)
            {
                var member = Members[random.Next(Members.Count)];
                // Mostly CERTs and agencies, which may publish most labels to most audiences.
                if (ActiveIds.Contains(member.MemberId)
                    && (member.Roles.Contains(Role.Cert) || member.Roles.Contains(Role.Agency) || random.Next(4) == 0))
                {
                    return member;
                }
            }
        }

        public Audience RandomAudience(Random random, Tlp label, Member? favour = null)
        {
            if (label == Tlp.Clear && random.Next(6) == 0)
            {
                return Audience.Everyone;
            }

            List<string> communities = label == Tlp.Red ? [] : Enumerable.Range(0, random.Next(4)).Select(_ => Communities[random.Next(Communities.Length)]).ToList();
            if (favour is not null && communities.Count > 0)
            {
                communities.AddRange(favour.Communities);
            }

            var members = new List<string>();
            var named = random.Next(communities.Count == 0 ? 1 : 0, 4);
            for (var i = 0; i < named; i++)
            {
                members.Add(random.Next(25) == 0 ? "not-a-member"
                    : favour is not null && favour.Clients.Count > 0 && random.Next(2) == 0 ? favour.Clients.First()
                    : Members[random.Next(Members.Count)].MemberId);
            }

            return new Audience(communities, members);
        }

        private static List<MemberRevocation> RandomRevocations(Random random, IReadOnlyList<Member> members, double share)
        {
            var revocations = new List<MemberRevocation>();
            foreach (var member in members)
            {
                if (random.NextDouble() >= share)
                {
                    continue;
                }

                ReadOnlyMemory<byte> keyId = random.Next(4) switch
                {
                    0 => ReadOnlyMemory<byte>.Empty,
                    1 => member.SigningKeyId,
                    2 => member.EncryptionKeyId,
                    _ => RandomKey(random).AsMemory(0, 16), // a key the card does not hold: the card stays active
                };
                revocations.Add(new MemberRevocation(member.MemberId, keyId, Now.AddDays(-1), "test"));
            }

            return revocations;
        }

        private static byte[] RandomKey(Random random)
        {
            var key = new byte[32];
            random.NextBytes(key);
            return key;
        }
    }
}
