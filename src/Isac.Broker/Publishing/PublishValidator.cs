using Grpc.Core;
using Isac.Broker.Membership;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Policy;
using Isac.Core.Wire;
using Isac.V1;
using Microsoft.Extensions.Options;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.Broker.Publishing;

/// <summary>
/// Steps 2 and 3 of the publish pipeline (DESIGN.md section 5): bounded parse, version and suite, sender,
/// freshness, directory version, signature, revocation, ciphertext digest, Merkle root, role and audience
/// policy with exactly the cleared audience, and the forwarding rules. Every refusal is a
/// <see cref="PublishRefusedException"/> with a precise status and reason.
/// </summary>
internal sealed class PublishValidator(BrokerDirectory directory, SharingPolicy policy, IOptions<PublishOptions> options, TimeProvider time)
{
    /// <summary>Largest sealed bundle accepted on the wire: header, entries and ciphertext at their limits.</summary>
    public const int MaxSealedBundleBytes = WireLimits.MaxHeaderBytes + (WireLimits.MaxRecipients * (WireLimits.MaxEntryBytes + 3)) + WireLimits.MaxCiphertextBytes + 1024;

    /// <summary>All checks for a fresh publish by <paramref name="callerMemberId"/>.</summary>
    public ValidatedPublish Validate(string callerMemberId, SealedBundle sealedBundle) => Validate(callerMemberId, sealedBundle, checkFreshness: true);

    /// <summary>
    /// The checks again for a publish the broker already accepted as pending (the sweeper): no freshness and
    /// directory-grace checks, since time has passed by design.
    /// </summary>
    public ValidatedPublish Revalidate(SealedBundle sealedBundle)
    {
        ArgumentNullException.ThrowIfNull(sealedBundle);
        var header = Parse(sealedBundle);
        return Validate(header.SenderMemberId, sealedBundle, checkFreshness: false);
    }

    private ValidatedPublish Validate(string callerMemberId, SealedBundle sealedBundle, bool checkFreshness)
    {
        ArgumentNullException.ThrowIfNull(sealedBundle);
        var header = Parse(sealedBundle);
        if (!string.Equals(header.SenderMemberId, callerMemberId, StringComparison.Ordinal))
        {
            throw Refuse(StatusCode.PermissionDenied, "sender-mismatch", $"the header names sender '{header.SenderMemberId}', but the caller is '{callerMemberId}'");
        }

        var current = directory.Current;
        var atVersion = directory.AtVersion(header.DirectoryVersion);
        if (checkFreshness)
        {
            CheckFreshness(header);
            if (atVersion is null)
            {
                throw Refuse(StatusCode.FailedPrecondition, "directory-version", $"directory version {header.DirectoryVersion} is unknown or older than the grace period; the current version is {current.Version}: fetch the directory and seal again");
            }
        }

        atVersion ??= current;
        if (current.FindActive(callerMemberId) is null || current.IsRevoked(callerMemberId, header.SenderKeyId.Span))
        {
            throw Refuse(StatusCode.PermissionDenied, "sender-revoked", $"'{callerMemberId}' is revoked or not an active member at directory version {current.Version}");
        }

        var sender = Guard(() => EnvelopeReader.VerifySender(sealedBundle.Header.Span, sealedBundle.Signature.Span, header, atVersion));
        Guard(() => EnvelopeReader.VerifyDigest(header, sealedBundle.Ciphertext.Span));
        var (entries, tree) = Guard(() => EnvelopeReader.VerifyEntries(header, sealedBundle.Entries));

        var label = EnvelopeReader.LabelOf(header);
        var audience = Audience.FromWire(header.Audience);
        // Cards as sealed against, but only for members still active now: a revocation applies at once.
        var active = atVersion.ActiveView.AlsoActiveIn(current);
        var resolution = header.ForwardedFrom is null
            ? policy.ResolveRecipients(sender, label, audience, active)
            : ResolveForward(header, sender, label, audience, active, current);
        if (!resolution.IsAllowed)
        {
            throw Refuse(StatusCode.PermissionDenied, Reason(resolution.Decision.Reason), resolution.Decision.Message);
        }

        return new ValidatedPublish(sealedBundle, header, sender, label, MatchEntries(label, entries, resolution.Recipients), tree);
    }

    private static RoutingHeader Parse(SealedBundle sealedBundle)
    {
        if (sealedBundle.Header.IsEmpty)
        {
            throw Refuse(StatusCode.InvalidArgument, "malformed", "the sealed bundle has no header");
        }

        return Guard(() => EnvelopeReader.ParseHeader(sealedBundle.Header.Span));
    }

    private void CheckFreshness(RoutingHeader header)
    {
        var now = time.GetUtcNow();
        var created = DateTimeOffset.FromUnixTimeMilliseconds(header.CreatedAtMs);
        if (created < now - options.Value.MaxAge)
        {
            throw Refuse(StatusCode.FailedPrecondition, "stale", $"created at {created:O}, more than {options.Value.MaxAge.TotalMinutes:0} min ago: seal it again");
        }

        if (created > now + options.Value.MaxSkew)
        {
            throw Refuse(StatusCode.FailedPrecondition, "future", $"created at {created:O}, more than {options.Value.MaxSkew.TotalMinutes:0} min in the future: check the sender's clock");
        }
    }

    private RecipientResolution ResolveForward(RoutingHeader header, Member forwarder, Tlp label, Audience audience, ActiveMemberView active, VerifiedDirectory current)
    {
        var forwarded = header.ForwardedFrom;
        var original = Guard(() => EnvelopeReader.ParseHeader(forwarded.Header.Span));
        Guard(() => EnvelopeReader.VerifySender(forwarded.Header.Span, forwarded.Signature.Span, original, current));
        var originalLabel = EnvelopeReader.LabelOf(original);
        if (originalLabel != Tlp.Clear)
        {
            var entry = Guard(() => EnvelopeReader.ParseEntry(forwarded.Entry.Span));
            if (!string.Equals(entry.MemberId, forwarder.MemberId, StringComparison.Ordinal)
                || forwarded.Proof is null
                || !MerkleTree.VerifyProof(forwarded.Entry.Span, forwarded.Proof, original.RecipientsRoot.Span, original.RecipientCount))
            {
                throw Refuse(StatusCode.PermissionDenied, "forward-not-received", $"'{forwarder.MemberId}' does not prove it received the original bundle");
            }
        }

        return policy.ResolveForwardRecipients(forwarder, originalLabel, Audience.FromWire(original.Audience), label, audience, active);
    }

    private static List<(Member Member, int EntryIndex)> MatchEntries(Tlp label, IReadOnlyList<RecipientEntry> entries, IReadOnlyList<Member> recipients)
    {
        if (label == Tlp.Clear)
        {
            return [.. recipients.Select(m => (m, -1))];
        }

        var byMember = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (!byMember.TryAdd(entries[i].MemberId, i))
            {
                throw Refuse(StatusCode.InvalidArgument, "duplicate-recipient", $"'{entries[i].MemberId}' has two recipient entries");
            }
        }

        var matched = new List<(Member, int)>(recipients.Count);
        foreach (var recipient in recipients)
        {
            if (!byMember.Remove(recipient.MemberId, out var index))
            {
                throw Refuse(StatusCode.PermissionDenied, "missing-recipient", $"'{recipient.MemberId}' is in the cleared audience but has no recipient entry");
            }

            if (!entries[index].KeyId.Span.SequenceEqual(recipient.EncryptionKeyId))
            {
                throw Refuse(StatusCode.PermissionDenied, "stale-recipient-key", $"the entry for '{recipient.MemberId}' is sealed to a key that is not its current encryption key");
            }

            matched.Add((recipient, index));
        }

        if (byMember.Count > 0)
        {
            var extra = byMember.Keys.Order(StringComparer.Ordinal).First();
            throw Refuse(StatusCode.PermissionDenied, "extra-recipient", $"'{extra}' is not in the cleared audience (unknown, not cleared, revoked or not addressed)");
        }

        return matched;
    }

    private static T Guard<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (EnvelopeException ex)
        {
            throw FromEnvelope(ex);
        }
    }

    private static void Guard(Action check) => Guard(() =>
    {
        check();
        return true;
    });

    private static PublishRefusedException FromEnvelope(EnvelopeException ex) => ex.Error switch
    {
        EnvelopeError.UnknownSender => Refuse(StatusCode.PermissionDenied, "unknown-sender", ex.Message),
        EnvelopeError.SenderKeyMismatch or EnvelopeError.BadSignature => Refuse(StatusCode.PermissionDenied, "bad-signature", ex.Message),
        EnvelopeError.TooLarge => Refuse(StatusCode.InvalidArgument, "oversize", ex.Message),
        EnvelopeError.NonCanonical => Refuse(StatusCode.InvalidArgument, "non-canonical", ex.Message),
        EnvelopeError.UnsupportedVersion => Refuse(StatusCode.InvalidArgument, "unsupported-version", ex.Message),
        EnvelopeError.UnsupportedSuite => Refuse(StatusCode.InvalidArgument, "unsupported-suite", ex.Message),
        EnvelopeError.DigestMismatch => Refuse(StatusCode.InvalidArgument, "digest-mismatch", ex.Message),
        EnvelopeError.BadMerkleRoot => Refuse(StatusCode.InvalidArgument, "merkle-root-mismatch", ex.Message),
        _ => Refuse(StatusCode.InvalidArgument, "malformed", ex.Message),
    };

    private static string Reason(DenialReason reason)
    {
        // LabelNotAllowedForRole -> label-not-allowed-for-role: a stable, readable metrics tag.
        var text = reason.ToString();
        var builder = new System.Text.StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(text[i]));
        }

        return builder.ToString();
    }

    private static PublishRefusedException Refuse(StatusCode status, string reason, string message) => new(status, reason, message);
}
