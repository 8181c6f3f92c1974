using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Isac.Broker.Configuration;
using Isac.Broker.Diagnostics;
using Isac.Storage;
using Isac.V1;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using AuditPosition = Isac.V1.AuditPosition;

namespace Isac.Broker.Publishing;

/// <summary>
/// <c>Publish</c>, DESIGN.md section 5: validate, replay check with <c>pending</c>/<c>committed</c>, fan-out
/// (bundle stored once, one idempotent mailbox script per recipient), audit, the signed receipt stored beside the
/// bundle (deliveries stream only with it), commit, and the receipt answered only
/// after the writes are durable. A store failure answers <c>Unavailable</c> and receipts nothing; the pending
/// record lets a retry or the sweeper finish the fan-out.
/// </summary>
internal sealed class PublishPipeline(
    PublishValidator validator,
    IReplayCache replay,
    IBundleStore bundles,
    IMailboxStore mailboxes,
    IAuditLog audit,
    IDurabilityBarrier durability,
    ReceiptSigner signer,
    IOptions<PublishOptions> options,
    IOptions<BrokerOptions> brokerOptions,
    TimeProvider time,
    BrokerMetrics metrics,
    ILogger<PublishPipeline> logger)
{
    public async Task<SignedReceipt> PublishAsync(string callerMemberId, SealedBundle sealedBundle, CancellationToken cancellationToken)
    {
        try
        {
            var validated = validator.Validate(callerMemberId, sealedBundle);
            var header = validated.Header;
            var check = await BeginAsync(validated, cancellationToken).ConfigureAwait(false);
            switch (check.Status)
            {
                case ReplayStatus.Committed:
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        logger.PublishRetryCommitted(Hex(header.BundleId));
                    }

                    return SignedReceipt.Parser.ParseFrom(check.Receipt);
                case ReplayStatus.Conflict:
                    throw new PublishRefusedException(StatusCode.AlreadyExists, "replay", $"bundle {Hex(header.BundleId)} from '{callerMemberId}' was already published with other content");
                default:
                    return await FinishAsync(validated, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PublishRefusedException refusal)
        {
            await RecordRefusalAsync(callerMemberId, sealedBundle, refusal, cancellationToken).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            metrics.Refused("store-unavailable");
            logger.StoreUnavailable(ex, callerMemberId);
            throw new PublishRefusedException(StatusCode.Unavailable, "store-unavailable", "the broker's store is unavailable; nothing was receipted: retry the same sealed bundle");
        }
    }

    /// <summary>Fan-out, audit, commit and receipt; idempotent, so a retry or the sweeper can run it again.</summary>
    public async Task<SignedReceipt> FinishAsync(ValidatedPublish validated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var header = validated.Header;
        var sealedBundle = validated.Sealed;
        var bundleId = header.BundleId.Memory;
        var acceptedAt = time.GetUtcNow();

        await bundles.PutBundleAsync(bundleId, sealedBundle.Header.Memory, sealedBundle.Signature.Memory, sealedBundle.Ciphertext.Memory, cancellationToken: cancellationToken).ConfigureAwait(false);

        var recipientCount = validated.Recipients.Count;
        var appends = new Task<MailboxAppendResult>[recipientCount];
        for (var i = 0; i < appends.Length; i++)
        {
            var (member, entryIndex) = validated.Recipients[i];
            var entry = entryIndex < 0 ? ReadOnlyMemory<byte>.Empty : sealedBundle.Entries[entryIndex].Memory;
            var proof = entryIndex < 0 ? ReadOnlyMemory<byte>.Empty : validated.Tree!.ProofFor(entryIndex).ToByteArray();
            appends[i] = mailboxes.AppendAsync(member.MemberId, bundleId, entry, proof, acceptedAt, cancellationToken);
        }

        await Task.WhenAll(appends).ConfigureAwait(false);

        var brokerId = brokerOptions.Value.BrokerId;
        var position = await audit.AppendAuditAsync(brokerId, new AuditRecord("publish", header.BundleId.ToByteArray(), header.SenderMemberId, (uint)recipientCount, "accepted", Isac.Core.Labels.TlpLabels.ToLabelString(validated.Label), acceptedAt), cancellationToken).ConfigureAwait(false);
        var signed = signer.Sign(new Receipt
        {
            BundleId = header.BundleId,
            SenderMemberId = header.SenderMemberId,
            AcceptedAtMs = acceptedAt.ToUnixTimeMilliseconds(),
            RecipientCount = (uint)recipientCount,
            AuditPosition = new AuditPosition { BrokerId = brokerId, Sequence = position.Sequence },
            CiphertextSha256 = header.CiphertextSha256,
        });

        // Every delivery carries this receipt (the nodes' revocation cut-off reads its accepted-at), so it is stored
        // beside the bundle, and the streamer holds back a mailbox entry until its bundle has one; then the
        // recipients are woken again. The first receipt stored wins: a concurrent finisher, or the sweeper re-signing
        // after a crash, gets that one back, and it is the one the replay record commits.
        var storedReceipt = await bundles.AttachReceiptAsync(bundleId, signed.ToByteArray(), cancellationToken).ConfigureAwait(false);
        var receipt = SignedReceipt.Parser.ParseFrom(storedReceipt);
        for (var i = 0; i < recipientCount; i++)
        {
            await mailboxes.WakeAsync(validated.Recipients[i].Member.MemberId, cancellationToken).ConfigureAwait(false);
        }

        var commit = await replay.CommitPublishAsync(header.SenderMemberId, bundleId, storedReceipt, cancellationToken).ConfigureAwait(false);
        if (commit == CommitStatus.AlreadyCommitted)
        {
            // Another finisher of the same bundle (a concurrent retry, the sweeper) committed first: answer with the
            // receipt it stored, the one every later retry gets, not a second receipt for the same bundle.
            var committed = await BeginAsync(validated, cancellationToken).ConfigureAwait(false);
            if (committed.Status == ReplayStatus.Committed)
            {
                receipt = SignedReceipt.Parser.ParseFrom(committed.Receipt);
            }
        }

        await durability.WaitDurableAsync(cancellationToken).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.PublishAccepted(Isac.Core.Labels.TlpLabels.ToLabelString(validated.Label), Hex(header.BundleId), header.SenderMemberId, recipientCount);
        }

        return receipt;
    }

    /// <summary>The replay check of step 4: the record is keyed by (sender, bundle id) and expires with the freshness window.</summary>
    private Task<ReplayCheck> BeginAsync(ValidatedPublish validated, CancellationToken cancellationToken)
    {
        var header = validated.Header;
        var digest = SHA256.HashData(validated.Sealed.Header.Span);
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(header.CreatedAtMs) + options.Value.MaxAge + options.Value.MaxSkew;
        return replay.BeginPublishAsync(header.SenderMemberId, header.BundleId.Memory, digest, expiresAt, validated.Sealed.ToByteArray(), cancellationToken);
    }

    internal static bool IsStoreFailure(Exception ex) =>
        ex is RedisException or StoreDurabilityException or TimeoutException
        || (ex is AggregateException aggregate && aggregate.InnerExceptions.All(IsStoreFailure));

    /// <summary>Counts, logs and audits a refusal (metadata only); an audit the store cannot take is logged, not thrown.</summary>
    internal async Task RecordRefusalAsync(string callerMemberId, SealedBundle sealedBundle, PublishRefusedException refusal, CancellationToken cancellationToken)
    {
        metrics.Refused(refusal.Reason);
        logger.PublishRefused(callerMemberId, refusal.Status, refusal.Reason, refusal.Message);
        byte[] bundleId = [];
        try
        {
            if (RoutingHeader.Parser.ParseFrom(sealedBundle.Header) is { BundleId.Length: 16 } header)
            {
                bundleId = header.BundleId.ToByteArray();
            }
        }
        catch (InvalidProtocolBufferException)
        {
            // Garbage header: the refusal is audited without a bundle id.
        }

        try
        {
            await audit.AppendAuditAsync(brokerOptions.Value.BrokerId, new AuditRecord("publish", bundleId, callerMemberId, 0, "refused", refusal.Reason, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            logger.RefusalNotAudited(ex, refusal.Reason, callerMemberId);
        }
    }

    private static string Hex(ByteString id) => Isac.Core.Envelope.BundleIds.ToText(id.Span);
}
