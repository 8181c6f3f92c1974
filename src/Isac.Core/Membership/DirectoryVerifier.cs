using System.Security.Cryptography;
using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Membership;

/// <summary>
/// The receiving side of the trust chain, used by the broker and by every node: checks a signed directory
/// snapshot against the pinned governance root, from the directory key's certificate down to every card.
/// </summary>
public sealed class DirectoryVerifier
{
    /// <summary>How far in the future a snapshot's issue time (or a certificate's start) may lie: clock skew.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(2);

    private readonly byte[] _rootPublicKey;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier for the governance root pinned at enrollment.</summary>
    public DirectoryVerifier(ReadOnlySpan<byte> governanceRootPublicKey, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (governanceRootPublicKey.Length != Signatures.PublicKeyLength)
        {
            throw new ArgumentException($"The governance root key is {Signatures.PublicKeyLength} bytes, not {governanceRootPublicKey.Length}.", nameof(governanceRootPublicKey));
        }

        _rootPublicKey = governanceRootPublicKey.ToArray();
        _time = timeProvider;
    }

    /// <summary>
    /// Verifies <paramref name="signedSnapshot"/> and, if it is accepted, advances <paramref name="tracker"/> to it, so
    /// a node never goes back to a lower version.
    /// </summary>
    public DirectoryVerification Verify(SignedDirectorySnapshot signedSnapshot, DirectoryVersionTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var verification = Verify(signedSnapshot, tracker.Current);
        return verification.Succeeded ? tracker.Advance(verification.Directory) : verification;
    }

    /// <summary>
    /// Verifies <paramref name="signedSnapshot"/>: the directory-key certificate carries the root's signature and is valid
    /// now; the snapshot bytes are canonical and signed by that key and name it; the snapshot was not issued in the
    /// future (beyond <see cref="MaxClockSkew"/>) nor outside the certificate; its version is not below
    /// <paramref name="lastSeen"/> (and, if equal, the bytes are the same); every card is canonical, valid and
    /// signed by the root, one per member; every broker-key certificate is well-formed and signed by the root (an
    /// expired one is kept: it still vouches for receipts issued while it was valid). Any failure refuses the whole snapshot. An expired snapshot is accepted:
    /// <see cref="VerifiedDirectory"/> says so and refuses sealing above TLP:CLEAR with it.
    /// </summary>
    public DirectoryVerification Verify(SignedDirectorySnapshot signedSnapshot, DirectoryVersionMark? lastSeen)
    {
        ArgumentNullException.ThrowIfNull(signedSnapshot);
        var now = _time.GetUtcNow();

        var certificateCheck = VerifyCertificate(signedSnapshot.DirectoryKey, now, out var certificate);
        if (certificateCheck is not null)
        {
            return certificateCheck;
        }

        // Authenticate the exact bytes before reading anything in them.
        var snapshotBytes = signedSnapshot.Snapshot.Span;
        if (!Signatures.Verify(certificate!.PublicKey, SignatureContext.Directory, snapshotBytes, signedSnapshot.Signature.Span))
        {
            return DirectoryVerification.Failure(
                DirectoryError.SnapshotNotSignedByDirectoryKey,
                $"the snapshot is not signed by the certified directory key {KeyId.ToHex(certificate.KeyId)}");
        }

        if (!CanonicalProto.TryParse(DirectorySnapshot.Parser, snapshotBytes, out var snapshot, out var parseError))
        {
            return DirectoryVerification.Failure(DirectoryError.MalformedSnapshot, parseError);
        }

        var snapshotCheck = VerifySnapshotFields(snapshot, certificate, now, out var issuedAt, out var expiresAt);
        if (snapshotCheck is not null)
        {
            return snapshotCheck;
        }

        var mark = new DirectoryVersionMark(snapshot.Version, Convert.ToHexStringLower(SHA256.HashData(snapshotBytes)));
        var versionCheck = DirectoryVersionTracker.Check(lastSeen, mark);
        if (versionCheck is not null)
        {
            return versionCheck;
        }

        var cardCheck = VerifyCards(snapshot, out var members);
        if (cardCheck is not null)
        {
            return cardCheck;
        }

        var revocations = new List<MemberRevocation>(snapshot.Revocations.Count);
        foreach (var revocation in snapshot.Revocations)
        {
            if (!MemberRevocation.TryFrom(revocation, out var checkedRevocation, out var error))
            {
                return DirectoryVerification.Failure(DirectoryError.MalformedSnapshot, error);
            }

            revocations.Add(checkedRevocation);
        }

        var brokerKeys = new List<CertifiedBrokerKey>(snapshot.BrokerKeys.Count);
        for (var index = 0; index < snapshot.BrokerKeys.Count; index++)
        {
            if (!CertifiedBrokerKey.TryVerify(_rootPublicKey, snapshot.BrokerKeys[index], out var brokerKey, out var error))
            {
                return DirectoryVerification.Failure(DirectoryError.BadBrokerKeyCertificate, $"broker-key certificate #{index}: {error}");
            }

            brokerKeys.Add(brokerKey);
        }

        return DirectoryVerification.Success(new VerifiedDirectory(
            snapshot.Version,
            issuedAt,
            expiresAt,
            certificate.KeyId,
            signedSnapshot.ToByteArray(),
            mark,
            members,
            revocations,
            brokerKeys,
            _time));
    }

    private DirectoryVerification? VerifyCertificate(SignedDirectoryKeyCertificate? signedCertificate, DateTimeOffset now, out DirectoryKeyCertificateInfo? certificate)
    {
        certificate = null;
        if (signedCertificate is null)
        {
            return DirectoryVerification.Failure(DirectoryError.MalformedCertificate, "the snapshot carries no directory-key certificate");
        }

        if (!Signatures.Verify(_rootPublicKey, SignatureContext.DirectoryKey, signedCertificate.Certificate.Span, signedCertificate.Signature.Span))
        {
            return DirectoryVerification.Failure(
                DirectoryError.CertificateNotSignedByRoot,
                "the directory-key certificate is not signed by the pinned governance root");
        }

        if (!DirectoryKeyCertificateInfo.TryParse(signedCertificate.Certificate.Span, out certificate, out var error))
        {
            return DirectoryVerification.Failure(DirectoryError.MalformedCertificate, error);
        }

        if (now + MaxClockSkew < certificate.NotBefore)
        {
            return DirectoryVerification.Failure(
                DirectoryError.CertificateNotYetValid,
                $"the directory key {KeyId.ToHex(certificate.KeyId)} is certified only from {certificate.NotBefore:O}");
        }

        if (now > certificate.NotAfter)
        {
            return DirectoryVerification.Failure(
                DirectoryError.CertificateExpired,
                $"the certificate of directory key {KeyId.ToHex(certificate.KeyId)} expired at {certificate.NotAfter:O}");
        }

        return null;
    }

    private static DirectoryVerification? VerifySnapshotFields(
        DirectorySnapshot snapshot,
        DirectoryKeyCertificateInfo certificate,
        DateTimeOffset now,
        out DateTimeOffset issuedAt,
        out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (!CryptographicOperations.FixedTimeEquals(snapshot.DirectoryKeyId.Span, certificate.KeyId))
        {
            issuedAt = default;
            return DirectoryVerification.Failure(
                DirectoryError.DirectoryKeyIdMismatch,
                $"the snapshot names directory key {KeyId.ToHex(snapshot.DirectoryKeyId.Span)} but was signed by {KeyId.ToHex(certificate.KeyId)}");
        }

        if (snapshot.Version == 0
            || !UnixMilliseconds.TryToDateTimeOffset(snapshot.IssuedAtMs, out issuedAt)
            || !UnixMilliseconds.TryToDateTimeOffset(snapshot.ExpiresAtMs, out expiresAt)
            || expiresAt <= issuedAt)
        {
            issuedAt = default;
            return DirectoryVerification.Failure(
                DirectoryError.MalformedSnapshot,
                "the snapshot needs a version above 0 and an issue time before its expiry");
        }

        if (issuedAt < certificate.NotBefore || issuedAt > certificate.NotAfter)
        {
            return DirectoryVerification.Failure(
                DirectoryError.IssuedOutsideCertificate,
                $"snapshot version {snapshot.Version} was issued at {issuedAt:O}, outside its directory key's certificate ({certificate.NotBefore:O} to {certificate.NotAfter:O})");
        }

        if (issuedAt > now + MaxClockSkew)
        {
            return DirectoryVerification.Failure(
                DirectoryError.IssuedInFuture,
                $"snapshot version {snapshot.Version} claims to be issued at {issuedAt:O}, in the future");
        }

        return null;
    }

    private DirectoryVerification? VerifyCards(DirectorySnapshot snapshot, out List<Member> members)
    {
        members = new List<Member>(snapshot.Cards.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < snapshot.Cards.Count; index++)
        {
            var check = SignedCardCheck.Check(snapshot.Cards[index], _rootPublicKey);
            if (check.Card is null)
            {
                return DirectoryVerification.Failure(DirectoryError.MalformedCard, $"card #{index}: {check.Detail}");
            }

            // Name the member in refusals only if its id is well-formed: it may end up in logs.
            var memberId = MemberCards.IsValidId(check.Card.MemberId) ? check.Card.MemberId : null;
            var name = memberId is null ? $"card #{index}" : $"the card of '{memberId}'";
            if (check.Error == SignedCardError.NotSignedByRoot)
            {
                return DirectoryVerification.Failure(DirectoryError.CardNotSignedByRoot, $"{name} is not signed by the governance root", memberId);
            }

            if (check.Member is not { } member)
            {
                return DirectoryVerification.Failure(DirectoryError.MalformedCard, $"{name}: {check.Detail}", memberId);
            }

            if (!seen.Add(member.MemberId))
            {
                return DirectoryVerification.Failure(DirectoryError.DuplicateMember, $"member '{member.MemberId}' has more than one card", member.MemberId);
            }

            members.Add(member);
        }

        return null;
    }
}
