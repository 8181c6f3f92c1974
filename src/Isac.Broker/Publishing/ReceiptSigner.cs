using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Keys;
using Isac.Core.Membership;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Broker.Publishing;

/// <summary>
/// Signs receipts (context <c>isac/v1/receipt</c>) with the broker's own key, which the governance root certified
/// (<see cref="Certificate"/>, published in every directory snapshot so nodes can verify the receipts).
/// </summary>
internal sealed class ReceiptSigner
{
    public ReceiptSigner(IOptions<PublishOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Key = KeyFiles.ReadSigningKey(options.Value.SigningKeyPath!, options.Value.SigningKeyPassphrase);
        const string Setting = $"{PublishOptions.SectionName}:{nameof(PublishOptions.SigningKeyCertificatePath)}";
        if (!TryReadCertificate(options.Value.SigningKeyCertificatePath!, out var certificate, out var certified, out var error))
        {
            throw new InvalidOperationException($"{Setting}: {error}");
        }

        if (!certified.PublicKey.AsSpan().SequenceEqual(Key.PublicKey))
        {
            throw new InvalidOperationException(
                $"{Setting} certifies broker key {KeyId.ToHex(certified.KeyId)}, not the key in {PublishOptions.SectionName}:{nameof(PublishOptions.SigningKeyPath)} ({KeyId.ToHex(Key.KeyId)}).");
        }

        Certificate = certificate;
        Certified = certified;
    }

    /// <summary>The broker's signing key (receipts and audit checkpoints).</summary>
    public SigningKeyPair Key { get; }

    /// <summary>The governance root's certificate of <see cref="Key"/>, as read from disk.</summary>
    public SignedBrokerKeyCertificate Certificate { get; }

    /// <summary>The checked content of <see cref="Certificate"/>.</summary>
    public CertifiedBrokerKey Certified { get; }

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

    /// <summary>Reads and checks a certificate file (content only: the broker need not hold the root's public key).</summary>
    internal static bool TryReadCertificate(
        string path,
        [NotNullWhen(true)] out SignedBrokerKeyCertificate? certificate,
        [NotNullWhen(true)] out CertifiedBrokerKey? certified,
        out string error)
    {
        certified = null;
        try
        {
            certificate = SignedBrokerKeyCertificate.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or IOException or UnauthorizedAccessException)
        {
            certificate = null;
            error = $"cannot read the broker-key certificate {path}: {ex.Message}";
            return false;
        }

        if (!CertifiedBrokerKey.TryParse(certificate.Certificate.Span, out certified, out error))
        {
            error = $"{path} is not a valid broker-key certificate: {error}";
            certificate = null;
            return false;
        }

        return true;
    }
}
