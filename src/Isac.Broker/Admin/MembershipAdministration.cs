using Isac.Broker.Membership;
using Isac.Core.Membership;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Admin;

/// <summary>
/// Reads and changes the roster file on behalf of the admin API: checks a change against the current roster,
/// writes it atomically (<see cref="RosterFile"/>), and has the directory issuer sign a new snapshot at once.
/// Changes from this broker take turns; a refused change writes nothing.
/// </summary>
internal sealed class MembershipAdministration : IDisposable
{
    /// <summary>The longest revocation reason, in characters.</summary>
    public const int MaxReasonLength = 256;

    private readonly DirectoryOptions _options;
    private readonly byte[] _rootPublicKey;
    private readonly DirectoryIssuer _issuer;
    private readonly BrokerDirectory _directory;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public MembershipAdministration(IOptions<DirectoryOptions> options, DirectoryIssuer issuer, BrokerDirectory directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _rootPublicKey = Convert.FromHexString(_options.GovernanceRootPublicKey!);
        _issuer = issuer;
        _directory = directory;
        _time = time;
    }

    /// <summary>The broker's current snapshot version (0 before the first one).</summary>
    public ulong DirectoryVersion => _directory.IsLoaded ? _directory.Current.Version : 0;

    /// <summary>Every card in the roster with its status at the broker's clock.</summary>
    public async Task<ListMembersResponse> ListAsync(CancellationToken cancellationToken)
    {
        var roster = await ReadRosterAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var response = new ListMembersResponse { DirectoryVersion = DirectoryVersion };
        response.Members.AddRange(roster.Cards.Select(card => MemberEntries.Describe(card, roster.Revocations, _rootPublicKey, now)));
        return response;
    }

    /// <summary>Adds a new member's root-signed card; returns the member id and the snapshot version that carries it.</summary>
    public Task<(string MemberId, ulong Version)> ApproveAsync(SignedMemberCard? signed, CancellationToken cancellationToken)
    {
        var card = CheckCard(signed);
        var memberId = card.Member.MemberId;
        return ChangeAsync(memberId, roster =>
        {
            if (FindCard(roster, memberId) is not null)
            {
                throw AdminRefusals.MemberExists($"member '{memberId}' is already in the roster; approve adds new members only (RotateMember replaces a card)");
            }

            if (RevokedOutright(roster, memberId) is { } revocation)
            {
                throw AdminRefusals.MemberRevoked($"member id '{memberId}' was revoked ({revocation.Reason}); enrol the member under a new id");
            }

            RequireKeysUnused(roster, card.Member, exceptMemberId: null);
            roster.Cards.Add(card.Signed);
        }, cancellationToken);
    }

    /// <summary>Replaces an existing member's card by a new root-signed card with at least one new key.</summary>
    public Task<(string MemberId, ulong Version)> RotateAsync(SignedMemberCard? signed, CancellationToken cancellationToken)
    {
        var card = CheckCard(signed);
        var memberId = card.Member.MemberId;
        return ChangeAsync(memberId, roster =>
        {
            var index = FindCard(roster, memberId) ?? throw AdminRefusals.MemberUnknown($"member '{memberId}' is not in the roster; a new member is approved, not rotated");
            if (RevokedOutright(roster, memberId) is { } revocation)
            {
                throw AdminRefusals.MemberRevoked($"member '{memberId}' is revoked ({revocation.Reason}); a revoked member cannot rotate back in");
            }

            var current = SignedCard.Check(roster.Cards[index], _rootPublicKey, out _)?.Member;
            if (current is not null
                && current.SigningKeyId.AsSpan().SequenceEqual(card.Member.SigningKeyId)
                && current.EncryptionKeyId.AsSpan().SequenceEqual(card.Member.EncryptionKeyId))
            {
                throw AdminRefusals.SameKeys($"the new card of '{memberId}' carries its current signing and encryption keys; a rotation needs at least one new key");
            }

            foreach (var keyId in new[] { card.Member.SigningKeyId, card.Member.EncryptionKeyId })
            {
                if (roster.Revocations.Any(r => r.MemberId == memberId && r.KeyId.Span.SequenceEqual(keyId)))
                {
                    throw AdminRefusals.MemberRevoked($"key {Isac.Core.Crypto.KeyId.ToHex(keyId)} of '{memberId}' is revoked; the new card must carry fresh keys");
                }
            }

            RequireKeysUnused(roster, card.Member, exceptMemberId: memberId);
            roster.Cards[index] = card.Signed;
        }, cancellationToken);
    }

    /// <summary>Revokes every key of a member, or one of its current keys, as of the broker's clock.</summary>
    public Task<(string MemberId, ulong Version)> RevokeAsync(RevokeMemberRequest request, string adminMemberId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var memberId = request.MemberId;
        if (!MemberCards.IsValidId(memberId))
        {
            throw AdminRefusals.BadArgument("member_id is not of the form [a-z0-9][a-z0-9.:-]{0,63}");
        }

        if (!request.KeyId.IsEmpty && request.KeyId.Length != Isac.Core.Crypto.KeyId.Length)
        {
            throw AdminRefusals.BadArgument($"key_id must be empty (every key) or {Isac.Core.Crypto.KeyId.Length} bytes, not {request.KeyId.Length}");
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? $"revoked by admin {adminMemberId}" : request.Reason.Trim();
        if (reason.Length > MaxReasonLength || reason.Any(char.IsControl))
        {
            throw AdminRefusals.BadArgument($"reason must be at most {MaxReasonLength} characters without control characters");
        }

        return ChangeAsync(memberId, roster =>
        {
            var index = FindCard(roster, memberId) ?? throw AdminRefusals.MemberUnknown($"member '{memberId}' is not in the roster");
            if (RevokedOutright(roster, memberId) is { } outright)
            {
                throw AdminRefusals.AlreadyRevoked($"member '{memberId}' is already revoked (at {DateTimeOffset.FromUnixTimeMilliseconds(outright.RevokedAtMs):O}: {outright.Reason})");
            }

            if (!request.KeyId.IsEmpty)
            {
                var current = SignedCard.Check(roster.Cards[index], _rootPublicKey, out _)?.Member;
                if (current is null || !(current.SigningKeyId.AsSpan().SequenceEqual(request.KeyId.Span) || current.EncryptionKeyId.AsSpan().SequenceEqual(request.KeyId.Span)))
                {
                    throw AdminRefusals.KeyUnknown($"key {Isac.Core.Crypto.KeyId.ToHex(request.KeyId.Span)} is not a key of the current card of '{memberId}'");
                }

                if (roster.Revocations.Any(r => r.MemberId == memberId && r.KeyId.Span.SequenceEqual(request.KeyId.Span)))
                {
                    throw AdminRefusals.AlreadyRevoked($"key {Isac.Core.Crypto.KeyId.ToHex(request.KeyId.Span)} of '{memberId}' is already revoked");
                }
            }

            roster.Revocations.Add(new Revocation
            {
                MemberId = memberId,
                KeyId = request.KeyId,
                RevokedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                Reason = reason,
            });
        }, cancellationToken);
    }

    public void Dispose() => _gate.Dispose();

    private SignedCard CheckCard(SignedMemberCard? signed)
    {
        var card = SignedCard.Check(signed, _rootPublicKey, out var refusal) ?? throw refusal!;
        var now = _time.GetUtcNow();
        if (card.Member.NotAfter < now)
        {
            throw AdminRefusals.CardExpired($"the card of '{card.Member.MemberId}' expired at {card.Member.NotAfter:O}");
        }

        return card;
    }

    /// <summary>Reads the roster, applies <paramref name="edit"/> (which throws to refuse), writes it and issues a snapshot.</summary>
    private async Task<(string MemberId, ulong Version)> ChangeAsync(string memberId, Action<DirectoryRoster> edit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.DirectoryKeyPath))
        {
            throw AdminRefusals.NoDirectoryKey($"this broker has no directory key ({DirectoryOptions.Setting(nameof(DirectoryOptions.DirectoryKeyPath))}), so it cannot issue the snapshot a change needs; use a broker that has one");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var roster = await ReadRosterAsync(cancellationToken).ConfigureAwait(false);
            edit(roster);
            var path = _options.RosterPath!;
            var before = File.GetLastWriteTimeUtc(path);
            // From here on the change is made whatever the caller does: no cancellation half-way.
            await RosterFile.WriteAsync(path, roster, CancellationToken.None).ConfigureAwait(false);
            if (File.GetLastWriteTimeUtc(path) <= before)
            {
                // File times are coarse (one clock tick): move it on, so every reader that watches it re-reads it.
                File.SetLastWriteTimeUtc(path, before.AddMilliseconds(1));
            }

            try
            {
                await _issuer.RefreshNowAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw AdminRefusals.SnapshotNotIssued($"the roster was changed, but the broker could not issue a snapshot with it: {ex.Message}");
            }

            return (memberId, DirectoryVersion);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DirectoryRoster> ReadRosterAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RosterFile.ReadAsync(_options.RosterPath!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw AdminRefusals.RosterUnreadable($"the roster file cannot be read: {ex.Message}");
        }
    }

    private static int? FindCard(DirectoryRoster roster, string memberId)
    {
        for (var index = 0; index < roster.Cards.Count; index++)
        {
            if (SignedCard.MemberIdOf(roster.Cards[index]) == memberId)
            {
                return index;
            }
        }

        return null;
    }

    private static Revocation? RevokedOutright(DirectoryRoster roster, string memberId) =>
        roster.Revocations.FirstOrDefault(r => r.MemberId == memberId && r.KeyId.IsEmpty);

    private static void RequireKeysUnused(DirectoryRoster roster, Member member, string? exceptMemberId)
    {
        // Parsed, not verified: these are the broker's own roster cards (the snapshot verifies them all), and a
        // signature check per card would make one approval cost seconds in a roster of thousands.
        foreach (var other in roster.Cards.Select(SignedCard.CardOf).OfType<MemberCard>())
        {
            if (other.MemberId == exceptMemberId)
            {
                continue;
            }

            if (other.SigningPublicKey.Span.SequenceEqual(member.SigningPublicKey) || other.EncryptionPublicKey.Span.SequenceEqual(member.EncryptionPublicKey))
            {
                throw AdminRefusals.KeyInUse($"a key of the card of '{member.MemberId}' already belongs to member '{other.MemberId}'; every member needs its own keys");
            }
        }
    }
}
