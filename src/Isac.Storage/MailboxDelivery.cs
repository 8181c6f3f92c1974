namespace Isac.Storage;

/// <summary>A stored mailbox entry with its bundle: everything a <c>Delivery</c> message needs.</summary>
/// <param name="Sequence">The mailbox sequence.</param>
/// <param name="BundleId">The 16-byte bundle id.</param>
/// <param name="AcceptedAt">When the broker accepted the bundle.</param>
/// <param name="RecipientEntry">The recipient's own entry bytes.</param>
/// <param name="MerkleProof">The entry's Merkle proof bytes.</param>
/// <param name="Header">The signed routing-header bytes.</param>
/// <param name="Signature">The sender's header signature.</param>
/// <param name="Ciphertext">The ciphertext.</param>
/// <param name="Receipt">The broker's signed receipt bytes for the bundle, or null if none is attached (yet).</param>
public sealed record MailboxDelivery(ulong Sequence, byte[] BundleId, DateTimeOffset AcceptedAt, byte[] RecipientEntry, byte[] MerkleProof,
    byte[] Header, byte[] Signature, byte[] Ciphertext, byte[]? Receipt = null) : MailboxItem
{
    /// <inheritdoc />
    public override ulong LastSequence => Sequence;
}
