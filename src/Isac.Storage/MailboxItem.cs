namespace Isac.Storage;

/// <summary>One item of a mailbox read: a <see cref="MailboxDelivery"/> or a <see cref="MailboxGap"/>.</summary>
public abstract record MailboxItem
{
    private protected MailboxItem()
    {
    }

    /// <summary>The highest sequence this item accounts for: a reader's cursor may advance to it.</summary>
    public abstract ulong LastSequence { get; }
}
