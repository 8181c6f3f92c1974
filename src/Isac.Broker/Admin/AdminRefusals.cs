using Grpc.Core;

namespace Isac.Broker.Admin;

/// <summary>
/// The admin API's refusals, each with its gRPC status and a stable reason token (the <c>reason</c> tag of
/// <c>isac.broker.refusals</c>, prefixed <c>admin-</c>, and the audit record).
/// </summary>
internal static class AdminRefusals
{
    public static AdminRefusedException NotAdmin(string detail) => new(StatusCode.PermissionDenied, "admin-not-authorized", detail);

    public static AdminRefusedException CardMissing() =>
        new(StatusCode.InvalidArgument, "admin-card-missing", "a SignedMemberCard (card bytes and the governance root's signature) is required");

    public static AdminRefusedException CardMalformed(string detail) => new(StatusCode.InvalidArgument, "admin-card-malformed", detail);

    public static AdminRefusedException CardNotSignedByRoot(string detail) => new(StatusCode.InvalidArgument, "admin-card-not-signed-by-root", detail);

    public static AdminRefusedException CardInvalid(string detail) => new(StatusCode.InvalidArgument, "admin-card-invalid", detail);

    public static AdminRefusedException CardExpired(string detail) => new(StatusCode.InvalidArgument, "admin-card-expired", detail);

    public static AdminRefusedException BadArgument(string detail) => new(StatusCode.InvalidArgument, "admin-bad-argument", detail);

    public static AdminRefusedException SameKeys(string detail) => new(StatusCode.InvalidArgument, "admin-same-keys", detail);

    public static AdminRefusedException MemberExists(string detail) => new(StatusCode.AlreadyExists, "admin-member-exists", detail);

    public static AdminRefusedException KeyInUse(string detail) => new(StatusCode.AlreadyExists, "admin-key-in-use", detail);

    public static AdminRefusedException MemberUnknown(string detail) => new(StatusCode.NotFound, "admin-member-unknown", detail);

    public static AdminRefusedException KeyUnknown(string detail) => new(StatusCode.NotFound, "admin-key-unknown", detail);

    public static AdminRefusedException MemberRevoked(string detail) => new(StatusCode.FailedPrecondition, "admin-member-revoked", detail);

    public static AdminRefusedException AlreadyRevoked(string detail) => new(StatusCode.FailedPrecondition, "admin-already-revoked", detail);

    public static AdminRefusedException NoDirectoryKey(string detail) => new(StatusCode.FailedPrecondition, "admin-no-directory-key", detail);

    public static AdminRefusedException RosterUnreadable(string detail) => new(StatusCode.FailedPrecondition, "admin-roster-unreadable", detail);

    public static AdminRefusedException SnapshotNotIssued(string detail) => new(StatusCode.FailedPrecondition, "admin-snapshot-not-issued", detail);

    public static AdminRefusedException StoreUnavailable(string detail) => new(StatusCode.Unavailable, "admin-store-unavailable", detail);
}
