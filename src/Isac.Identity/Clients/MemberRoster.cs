using Isac.Core.Membership;
using Isac.Core.Tokens;
using Isac.Identity.Configuration;
using Isac.Identity.Diagnostics;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Identity.Clients;

/// <summary>
/// The token service's clients: the members of the roster file whose cards carry the pinned governance root's
/// signature. A member may obtain tokens while its card is valid and no revocation covers it; every such member
/// gets <c>isac.publish</c> and <c>isac.subscribe</c>, and <c>isac.admin</c> only if it is listed in
/// <see cref="IdentityOptions.AdminMembers"/>. The file is re-read when its write time changes, so a revocation
/// takes effect at the next token request without a restart.
/// </summary>
internal sealed class MemberRoster
{
    private readonly IdentityOptions _options;
    private readonly byte[] _rootPublicKey;
    private readonly TimeProvider _time;
    private readonly ILogger<MemberRoster> _logger;
    private readonly Lock _gate = new();
    private DateTime _writeTime;
    private Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private List<MemberRevocation> _revocations = [];

    public MemberRoster(IOptions<IdentityOptions> options, TimeProvider time, ILogger<MemberRoster> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _rootPublicKey = Convert.FromHexString(_options.GovernanceRootPublicKey!);
        _time = time;
        _logger = logger;
        Refresh();
    }

    /// <summary>Decides whether <paramref name="memberId"/> may obtain tokens now.</summary>
    public ClientDecision Find(string memberId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        Refresh();
        Member? member;
        List<MemberRevocation> revocations;
        lock (_gate)
        {
            _members.TryGetValue(memberId, out member);
            revocations = _revocations;
        }

        if (member is null)
        {
            return ClientDecision.Refused($"'{memberId}' is not a member in the directory roster");
        }

        var revocation = revocations.FirstOrDefault(r => r.MemberId == memberId
            && (r.Covers(member.SigningKeyId) || r.Covers(member.EncryptionKeyId)));
        if (revocation is not null)
        {
            return ClientDecision.Refused($"member '{memberId}' is revoked ({revocation.Reason})");
        }

        var now = _time.GetUtcNow();
        if (now < member.NotBefore || now > member.NotAfter)
        {
            return ClientDecision.Refused($"the card of member '{memberId}' is valid only from {member.NotBefore:O} to {member.NotAfter:O}");
        }

        var scopes = new HashSet<string>(StringComparer.Ordinal) { IsacScopes.Publish, IsacScopes.Subscribe };
        if (_options.AdminMembers.Contains(memberId, StringComparer.Ordinal))
        {
            scopes.Add(IsacScopes.Admin);
        }

        return ClientDecision.Allowed(member, scopes);
    }

    /// <summary>Re-reads the roster if the file changed. A roster that cannot be read keeps the last one.</summary>
    private void Refresh()
    {
        var path = _options.RosterPath!;
        var writeTime = File.GetLastWriteTimeUtc(path);
        lock (_gate)
        {
            if (writeTime == _writeTime)
            {
                return;
            }

            try
            {
                var roster = DirectoryRoster.Parser.ParseFrom(File.ReadAllBytes(path));
                _members = VerifyCards(roster);
                _revocations = [.. roster.Revocations.Select(r => new MemberRevocation(
                    r.MemberId, r.KeyId.ToByteArray(), DateTimeOffset.FromUnixTimeMilliseconds(r.RevokedAtMs), r.Reason))];
                _writeTime = writeTime;
                _logger.RosterLoaded(_members.Count, _revocations.Count);
            }
            catch (Exception ex) when (ex is IOException or Google.Protobuf.InvalidProtocolBufferException or ArgumentOutOfRangeException)
            {
                if (_writeTime == default)
                {
                    throw new InvalidOperationException($"{IdentityOptions.Setting(nameof(IdentityOptions.RosterPath))}: cannot read the roster '{path}': {ex.Message}", ex);
                }

                _logger.RosterUnreadable(ex, path);
            }
        }
    }

    // The same checks DirectoryVerifier makes on a snapshot's cards: canonical bytes, the root's signature, a
    // valid card. A card that fails is left out (its member gets no token) rather than locking out everyone.
    private Dictionary<string, Member> VerifyCards(DirectoryRoster roster)
    {
        var members = new Dictionary<string, Member>(StringComparer.Ordinal);
        var duplicates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signed in roster.Cards)
        {
            var check = SignedCardCheck.Check(signed, _rootPublicKey);
            if (check.Member is not { } member)
            {
                _logger.RosterCardIgnored(check.Error == SignedCardError.NotSignedByRoot ? "it is not signed by the governance root" : check.Detail);
                continue;
            }

            if (!members.TryAdd(member.MemberId, member))
            {
                duplicates.Add(member.MemberId);
            }
        }

        foreach (var memberId in duplicates)
        {
            _logger.RosterCardIgnored($"member '{memberId}' has more than one card");
            members.Remove(memberId);
        }

        return members;
    }
}
