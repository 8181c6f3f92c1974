namespace Isac.Node.LocalStore;

/// <summary>One inbox row: a bundle or a gap marker, at its local position.</summary>
/// <param name="Position">The local position: increases with every row added, never reused.</param>
/// <param name="Bundle">The bundle, or null for a gap marker.</param>
/// <param name="Gap">The gap marker, or null for a bundle.</param>
internal sealed record InboxEntry(long Position, InboxBundle? Bundle, InboxGap? Gap)
{
    /// <summary>True for a gap marker.</summary>
    public bool IsGap => Gap is not null;

    /// <summary>When the row was added.</summary>
    public DateTimeOffset ReceivedAt => Bundle?.ReceivedAt ?? Gap!.ReceivedAt;
}
