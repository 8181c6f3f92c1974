namespace Isac.Storage;

/// <summary>Sequences a reader will never get, and why: shown to the member, never skipped silently.</summary>
/// <param name="FromSequence">The first missing sequence.</param>
/// <param name="ToSequence">The last missing sequence (inclusive).</param>
/// <param name="Reason">Why they are missing.</param>
public sealed record MailboxGap(ulong FromSequence, ulong ToSequence, GapReason Reason) : MailboxItem
{
    /// <inheritdoc />
    public override ulong LastSequence => ToSequence;
}
