namespace Isac.Storage;

/// <summary>
/// One audit event, metadata only: never payload, keys or recipient lists. Stored in a fixed binary layout
/// (see <c>Internal/AuditCodec</c>) that the record hash covers.
/// </summary>
/// <param name="EventType">What happened, e.g. <c>publish</c>, <c>publish-refused</c>, <c>ack</c>.</param>
/// <param name="BundleId">The 16-byte bundle id, or empty when the event concerns none.</param>
/// <param name="SenderMemberId">The acting member.</param>
/// <param name="RecipientCount">How many mailboxes received the bundle.</param>
/// <param name="Decision">The decision, e.g. <c>accepted</c> or <c>denied</c>.</param>
/// <param name="Reason">Why, for a refusal; empty otherwise.</param>
/// <param name="At">When.</param>
public sealed record AuditRecord(string EventType, byte[] BundleId, string SenderMemberId, uint RecipientCount, string Decision,
    string Reason, DateTimeOffset At);
