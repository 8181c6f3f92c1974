using Google.Protobuf;
using Isac.Core.Envelope;
using Isac.Core.Membership;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;
using Isac.Node.Membership;
using Isac.V1;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.Node.Receiving;

/// <summary>
/// Verifies and opens one delivery (the broker's receipt and the revocation cut-off by its accepted-at, signature,
/// sender's card in the snapshot, Merkle proof, key commitment, label and clearance, and for a forward the embedded
/// original's signature) and stores it in the inbox, de-duplicated
/// by bundle id. A delivery that fails is quarantined with the reason, never stored as valid.
/// </summary>
internal sealed class DeliveryProcessor(NodeRuntime runtime, NodeDirectory directory, InboxSignal signal, TimeProvider time, ILogger<DeliveryProcessor> logger)
{
    /// <summary>What became of a delivery.</summary>
    public enum Result
    {
        /// <summary>Stored in the inbox.</summary>
        Stored = 1,

        /// <summary>Its bundle id was already in the inbox.</summary>
        Duplicate,

        /// <summary>Failed verification; quarantined.</summary>
        Quarantined,
    }

    /// <summary>Processes <paramref name="delivery"/>.</summary>
    /// <exception cref="InvalidOperationException">No verified directory could be had (the caller retries later).</exception>
    public async Task<Result> ProcessAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var current = directory.Current;
        if (current is null || SealedVersion(delivery) > current.Version)
        {
            current = await directory.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
        }

        if (current is null)
        {
            throw new InvalidOperationException("no verified directory snapshot to check the delivery against");
        }

        OpenedBundle opened;
        string? forwardedFrom;
        try
        {
            (opened, forwardedFrom) = Open(delivery, current);
        }
        catch (EnvelopeException first) when (MayBeNewerDirectory(first.Error))
        {
            var refreshed = await directory.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
            try
            {
                (opened, forwardedFrom) = Open(delivery, refreshed ?? current);
            }
            catch (EnvelopeException ex)
            {
                return await QuarantineAsync(delivery, ex, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (EnvelopeException ex)
        {
            return await QuarantineAsync(delivery, ex, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or ArgumentException or FormatException)
        {
            // Whatever else a hostile delivery trips must not become a poison message that stalls the mailbox.
            return await QuarantineAsync(delivery, new EnvelopeException(EnvelopeError.Malformed, ex.Message, ex), cancellationToken).ConfigureAwait(false);
        }

        var header = opened.Header;
        var bundle = opened.Bundle;
        var added = await runtime.Store.TryAddInboxAsync(
            new InboxBundle(
                BundleId: header.BundleId.ToByteArray(),
                Sender: header.SenderMemberId,
                Label: opened.Label,
                Kind: bundle.Kind,
                ContentType: bundle.ContentType,
                ExerciseId: bundle.ExerciseId,
                Audience: Audience.FromWire(header.Audience),
                CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(header.CreatedAtMs),
                ReceivedAt: time.GetUtcNow(),
                Supersedes: bundle.Supersedes.IsEmpty ? null : bundle.Supersedes.ToByteArray(),
                ForwardedFromSender: forwardedFrom,
                MailboxSequence: delivery.Sequence,
                Payload: bundle.Payload.ToByteArray(),
                Delivery: WithoutSequence(delivery)),
            cancellationToken).ConfigureAwait(false);
        if (added)
        {
            signal.Notify();
        }

        return added ? Result.Stored : Result.Duplicate;
    }

    private (OpenedBundle Opened, string? ForwardedFrom) Open(Delivery delivery, VerifiedDirectory current)
    {
        // The broker's receipt first: its accepted-at, signed by a root-certified broker key, decides whether mail
        // from a sender revoked since still counts (accepted before the revocation) or not.
        var header = EnvelopeReader.ParseHeader(delivery.Header.Span);
        var receipt = ReceiptVerifier.Verify(delivery.Receipt, header, current, time.GetUtcNow());
        var opened = runtime.Opener.Open(delivery, RevocationCutoff.DirectoryFor(header, receipt, current));
        if (opened.Header.ForwardedFrom is not { } forwarded)
        {
            return (opened, null);
        }

        // A forward shows who wrote the original: check that the embedded original header is really signed by them.
        var original = EnvelopeReader.ParseHeader(forwarded.Header.Span);
        EnvelopeReader.VerifySender(forwarded.Header.Span, forwarded.Signature.Span, original, current);
        if (EnvelopeReader.LabelOf(opened.Header) < EnvelopeReader.LabelOf(original))
        {
            throw new EnvelopeException(EnvelopeError.Malformed, "the forward carries a lower label than the original it embeds");
        }

        return (opened, original.SenderMemberId);
    }

    private async Task<Result> QuarantineAsync(Delivery delivery, EnvelopeException ex, CancellationToken cancellationToken)
    {
        logger.Quarantined(delivery.Sequence, ex.Error, ex.Message);
        await runtime.Store.TryAddQuarantineAsync(new QuarantineEntry(delivery.Sequence, ex.Error.ToString(), ex.Message, time.GetUtcNow(), delivery.ToByteArray()), cancellationToken).ConfigureAwait(false);
        return Result.Quarantined;
    }

    private static bool MayBeNewerDirectory(EnvelopeError error) =>
        error is EnvelopeError.UnknownSender or EnvelopeError.SenderKeyMismatch or EnvelopeError.NotARecipient or EnvelopeError.UnknownRecipientKey
            or EnvelopeError.AboveClearance or EnvelopeError.UnknownBrokerKey;

    private static ulong SealedVersion(Delivery delivery)
    {
        try
        {
            return RoutingHeader.Parser.ParseFrom(delivery.Header).DirectoryVersion;
        }
        catch (InvalidProtocolBufferException)
        {
            return 0; // the opener refuses it with the precise reason
        }
    }

    private static byte[] WithoutSequence(Delivery delivery)
    {
        var copy = delivery.Clone();
        copy.Sequence = 0;
        return copy.ToByteArray();
    }
}
