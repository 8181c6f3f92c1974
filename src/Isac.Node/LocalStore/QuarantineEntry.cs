namespace Isac.Node.LocalStore;

/// <summary>A delivery that failed verification: kept for inspection, never shown as valid.</summary>
/// <param name="Sequence">Its mailbox sequence.</param>
/// <param name="Reason">Why, as a stable name (an <c>EnvelopeError</c> name, e.g. <c>BadSignature</c>).</param>
/// <param name="Message">The detailed message.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Delivery">The exact delivery bytes.</param>
internal sealed record QuarantineEntry(ulong Sequence, string Reason, string Message, DateTimeOffset ReceivedAt, byte[] Delivery);
