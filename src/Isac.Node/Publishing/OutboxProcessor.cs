using Google.Protobuf;
using Grpc.Core;
using Isac.Core.Envelope;
using Isac.Node.Brokering;
using Isac.Node.Configuration;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;
using Isac.Node.Membership;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Node.Publishing;

/// <summary>
/// Sends persisted outbox items, one at a time (the API's immediate send and the background retry never race on
/// one item). A transient failure keeps the item pending; a bundle that went stale (older than
/// <see cref="NodeOptions.ResealAfter"/>, or refused by the broker as stale or sealed against a dropped directory
/// version) is sealed again under a new id that supersedes the old one; any other refusal fails it for good.
/// Retries of a receipted-but-unanswered publish re-send the same bytes, so the broker answers with the original receipt.
/// </summary>
internal sealed class OutboxProcessor(
    NodeRuntime runtime,
    NodeDirectory directory,
    BundleSealing sealing,
    IBrokerConnection broker,
    IOptions<NodeOptions> options,
    TimeProvider time,
    ILogger<OutboxProcessor> logger) : IDisposable
{
    private const int BatchSize = 100;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);

    public void Dispose()
    {
        _gate.Dispose();
        _wake.Dispose();
    }

    /// <summary>Asks the background worker to try the outbox now.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Waits for <see cref="Wake"/> or the timeout.</summary>
    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    /// <summary>Sends the item with <paramref name="id"/> now.</summary>
    public async Task<OutboxOutcome> SendAsync(byte[] id, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entry = await runtime.Store.GetOutboxItemAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"outbox item {BundleIds.ToText(id)} does not exist");
            return await SendEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends pending items oldest first, stopping at the first one the broker cannot take now.</summary>
    /// <returns>True if the outbox is drained, false if items wait for the broker.</returns>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = await runtime.Store.ListPendingAsync(BatchSize, cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return true;
            }

            foreach (var item in pending)
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    // Re-read under the lock: the API may have sent it meanwhile.
                    var entry = await runtime.Store.GetOutboxItemAsync(item.Id, cancellationToken).ConfigureAwait(false);
                    if (entry is not null && (await SendEntryAsync(entry, cancellationToken).ConfigureAwait(false)).Status == OutboxOutcomeStatus.Queued)
                    {
                        return false;
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
    }

    private async Task<OutboxOutcome> SendEntryAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        switch (entry.State)
        {
            case OutboxState.Published:
                return Published(entry.Id, SignedReceipt.Parser.ParseFrom(entry.Receipt));
            case OutboxState.Failed:
                return new OutboxOutcome(entry.Id, OutboxOutcomeStatus.Failed, Message: entry.LastError);
            case OutboxState.Superseded:
                return new OutboxOutcome(entry.Id, OutboxOutcomeStatus.Failed, Message: "superseded by a re-sealed bundle");
        }

        var forceDirectory = false;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (entry.Sealed is null || time.GetUtcNow() - entry.CreatedAt > options.Value.ResealAfter || attempt > 0)
                {
                    entry = await ResealAsync(entry, forceDirectory, cancellationToken).ConfigureAwait(false);
                }

                var sealedBundle = SealedBundle.Parser.ParseFrom(entry.Sealed);
                var response = await broker.PublishAsync(sealedBundle, cancellationToken).ConfigureAwait(false);
                await VerifyReceiptAsync(sealedBundle, response.Receipt, cancellationToken).ConfigureAwait(false);
                await runtime.Store.MarkPublishedAsync(entry.Id, response.Receipt.ToByteArray(), cancellationToken).ConfigureAwait(false);
                return Published(entry.Id, response.Receipt);
            }
            catch (Exception ex) when (BrokerFailures.IsTransient(ex))
            {
                var text = BundleIds.ToText(entry.Id);
                logger.OutboxQueued(ex.Message, text);
                await runtime.Store.MarkAttemptFailedAsync(entry.Id, ex.Message, permanent: false, cancellationToken).ConfigureAwait(false);
                return new OutboxOutcome(entry.Id, OutboxOutcomeStatus.Queued, Message: ex.Message);
            }
            catch (RpcException ex) when (BrokerFailures.NeedsReseal(ex) && attempt == 0)
            {
                var text = BundleIds.ToText(entry.Id);
                logger.OutboxResealAfterRefusal(text, ex.Status.Detail);
                forceDirectory = true;
            }
            catch (RpcException ex)
            {
                return await FailAsync(entry, ex.StatusCode, ex.Status.Detail, cancellationToken).ConfigureAwait(false);
            }
            catch (NodeRefusalException ex) when (ex.Status == StatusCode.Unavailable)
            {
                await runtime.Store.MarkAttemptFailedAsync(entry.Id, ex.Message, permanent: false, cancellationToken).ConfigureAwait(false);
                return new OutboxOutcome(entry.Id, OutboxOutcomeStatus.Queued, Message: ex.Message);
            }
            catch (NodeRefusalException ex)
            {
                return await FailAsync(entry, ex.Status, ex.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (EnvelopeException ex)
            {
                // The broker answered with a receipt that is not its certified word for this bundle: never recorded as published.
                return await FailAsync(entry, StatusCode.DataLoss, $"bad-receipt: {ex.Message}", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Checks the broker's receipt for <paramref name="sealedBundle"/> (a root-certified broker key, this bundle, this
    /// sender, this ciphertext); a receipt by a broker key the current snapshot does not list gets one forced refresh.
    /// </summary>
    private async Task VerifyReceiptAsync(SealedBundle sealedBundle, SignedReceipt? receipt, CancellationToken cancellationToken)
    {
        var header = RoutingHeader.Parser.ParseFrom(sealedBundle.Header);
        var current = directory.Current ?? await directory.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false)
            ?? throw new NodeRefusalException(StatusCode.Unavailable, "no verified directory snapshot to check the broker's receipt against");
        try
        {
            ReceiptVerifier.Verify(receipt, header, current, time.GetUtcNow());
        }
        catch (EnvelopeException ex) when (ex.Error == EnvelopeError.UnknownBrokerKey)
        {
            var refreshed = await directory.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false) ?? current;
            ReceiptVerifier.Verify(receipt, header, refreshed, time.GetUtcNow());
        }
    }

    private async Task<OutboxEntry> ResealAsync(OutboxEntry entry, bool forceDirectory, CancellationToken cancellationToken)
    {
        if (forceDirectory)
        {
            await directory.RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
        }

        var current = await directory.ForSealingAsync(entry.Request.Label, cancellationToken).ConfigureAwait(false);
        if (entry.Sealed is null)
        {
            var first = await sealing.SealAsync(entry.Request, entry.Id, entry.Supersedes, current, cancellationToken).ConfigureAwait(false);
            await runtime.Store.AttachSealedAsync(entry.Id, first.ToByteArray(), cancellationToken).ConfigureAwait(false);
            return entry with { Sealed = first.ToByteArray() };
        }

        // The replacement supersedes the stale id, so a recipient that did get the old bundle treats this one as its update.
        var newId = BundleIds.New();
        var sealedBundle = await sealing.SealAsync(entry.Request, newId, entry.Id, current, cancellationToken).ConfigureAwait(false);
        var (oldText, newText) = (BundleIds.ToText(entry.Id), BundleIds.ToText(newId));
        logger.OutboxResealed(oldText, newText);
        return await runtime.Store.ReplaceAsync(entry.Id, newId, sealedBundle.ToByteArray(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<OutboxOutcome> FailAsync(OutboxEntry entry, StatusCode status, string message, CancellationToken cancellationToken)
    {
        var text = BundleIds.ToText(entry.Id);
        logger.OutboxFailed(text, status, message);
        await runtime.Store.MarkAttemptFailedAsync(entry.Id, $"{status}: {message}", permanent: true, cancellationToken).ConfigureAwait(false);
        return new OutboxOutcome(entry.Id, OutboxOutcomeStatus.Failed, FailureStatus: status, Message: message);
    }

    private static OutboxOutcome Published(byte[] id, SignedReceipt receipt) =>
        new(id, OutboxOutcomeStatus.Published, receipt, Receipt.Parser.ParseFrom(receipt.Receipt).RecipientCount);
}
