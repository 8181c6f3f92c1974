using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Keys;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Publishing;

/// <summary>Signs receipts (context <c>isac/v1/receipt</c>) with the broker's own key.</summary>
internal sealed class ReceiptSigner
{
    public ReceiptSigner(IOptions<PublishOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Key = KeyFiles.ReadSigningKey(options.Value.SigningKeyPath!, options.Value.SigningKeyPassphrase);
    }

    /// <summary>The broker's signing key (receipts and audit checkpoints).</summary>
    public SigningKeyPair Key { get; }

    public SignedReceipt Sign(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var bytes = receipt.ToByteArray();
        return new SignedReceipt
        {
            Receipt = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(Key.Sign(SignatureContext.Receipt, bytes)),
            BrokerKeyId = ByteString.CopyFrom(Key.KeyId),
        };
    }
}
