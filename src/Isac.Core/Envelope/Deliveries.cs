using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>Builds per-recipient deliveries: the recipient's own entry and proof, never the other entries.</summary>
public static class Deliveries
{
    /// <summary>The delivery for entry <paramref name="index"/> of a verified sealed bundle.</summary>
    public static Delivery For(SealedBundle sealedBundle, MerkleTree? tree, int index)
    {
        ArgumentNullException.ThrowIfNull(sealedBundle);
        var delivery = new Delivery
        {
            Header = sealedBundle.Header,
            Signature = sealedBundle.Signature,
            Ciphertext = sealedBundle.Ciphertext,
        };
        if (tree is not null)
        {
            delivery.Entry = sealedBundle.Entries[index];
            delivery.Proof = tree.ProofFor(index);
        }

        return delivery;
    }
}
