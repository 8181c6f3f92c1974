using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Node.LocalStore;
using Isac.Node.Receiving;
using Isac.Node.Tests.Support;
using Isac.V1;
using static Isac.Node.Tests.Support.NodeWorld;

namespace Isac.Node.Tests.Receiving;

public sealed class DeliveryProcessorTests : IAsyncLifetime, IDisposable
{
    private readonly NodeWorld _world = new();
    private NodeParts _ohio = null!;

    public async Task InitializeAsync()
    {
        _ohio = await _world.NodeAsync(Ohio);
        await _ohio.UseDirectoryAsync(_world.Snapshot(1));
    }

    public async Task DisposeAsync() => await _ohio.DisposeAsync();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Process_SameBundleTwice_IsStoredOnce()
    {
        var sealedBundle = SealFromCert(Tlp.Amber, "twice");
        Assert.Equal(DeliveryProcessor.Result.Stored, await _ohio.Deliveries.ProcessAsync(DeliveryFor(sealedBundle, Ohio, 1), CancellationToken.None));
        Assert.Equal(DeliveryProcessor.Result.Duplicate, await _ohio.Deliveries.ProcessAsync(DeliveryFor(sealedBundle, Ohio, 2), CancellationToken.None));

        var entry = Assert.Single(await _ohio.Store.ListInboxAsync(InboxFilter.All with { IncludeContent = true }));
        Assert.Equal("twice", System.Text.Encoding.UTF8.GetString(entry.Bundle!.Payload!));
        Assert.Equal(Cert, entry.Bundle.Sender);
        Assert.Equal(Tlp.Amber, entry.Bundle.Label);
    }

    [Fact]
    public async Task Process_TamperedCiphertext_IsQuarantinedWithTheReasonAndNotInTheInbox()
    {
        var delivery = DeliveryFor(SealFromCert(Tlp.Amber, "tampered"), Ohio, 5);
        var ciphertext = delivery.Ciphertext.ToByteArray();
        ciphertext[^1] ^= 0x01;
        delivery.Ciphertext = ByteString.CopyFrom(ciphertext);

        Assert.Equal(DeliveryProcessor.Result.Quarantined, await _ohio.Deliveries.ProcessAsync(delivery, CancellationToken.None));

        Assert.Empty(await _ohio.Store.ListInboxAsync(InboxFilter.All));
        var quarantined = Assert.Single(await _ohio.Store.ListQuarantineAsync());
        Assert.Equal(5ul, quarantined.Sequence);
        Assert.Equal(nameof(EnvelopeError.DigestMismatch), quarantined.Reason);
    }

    [Fact]
    public async Task Process_SignedByAKeyNotOnTheSendersCard_IsQuarantined()
    {
        var impostor = new Sealer(Cert, SigningKeyPair.Generate(), _world.Time);
        var sealedBundle = impostor.Seal(Request(Tlp.Amber, "forged"));

        Assert.Equal(DeliveryProcessor.Result.Quarantined, await _ohio.Deliveries.ProcessAsync(DeliveryFor(sealedBundle, Ohio, 6), CancellationToken.None));
        Assert.Equal(nameof(EnvelopeError.SenderKeyMismatch), Assert.Single(await _ohio.Store.ListQuarantineAsync()).Reason);
    }

    [Fact]
    public async Task Process_ProofForAnotherLeaf_IsQuarantined()
    {
        var sealedBundle = SealFromCert(Tlp.Amber, "wrong proof");
        var delivery = DeliveryFor(sealedBundle, Ohio, 7);
        delivery.Proof = DeliveryFor(sealedBundle, Texas, 7).Proof;

        Assert.Equal(DeliveryProcessor.Result.Quarantined, await _ohio.Deliveries.ProcessAsync(delivery, CancellationToken.None));
        Assert.Equal(nameof(EnvelopeError.BadMerkleProof), Assert.Single(await _ohio.Store.ListQuarantineAsync()).Reason);
    }

    [Fact]
    public async Task Process_SenderMissingFromTheSnapshot_IsQuarantinedAfterARefetch()
    {
        await using var texas = await _world.NodeAsync(Texas);
        await texas.UseDirectoryAsync(_world.Snapshot(1, only: [Ohio, Texas]));
        var delivery = DeliveryFor(SealFromCert(Tlp.Amber, "unknown sender"), Texas, 8);

        Assert.Equal(DeliveryProcessor.Result.Quarantined, await texas.Deliveries.ProcessAsync(delivery, CancellationToken.None));
        Assert.Equal(nameof(EnvelopeError.UnknownSender), Assert.Single(await texas.Store.ListQuarantineAsync()).Reason);
    }

    [Fact]
    public async Task Process_GarbageHeader_IsQuarantinedNotRetriedForever()
    {
        var delivery = DeliveryFor(SealFromCert(Tlp.Amber, "garbage"), Ohio, 9);
        delivery.Header = ByteString.CopyFrom(0xff, 0xff, 0xff, 0x01);

        Assert.Equal(DeliveryProcessor.Result.Quarantined, await _ohio.Deliveries.ProcessAsync(delivery, CancellationToken.None));
        Assert.Empty(await _ohio.Store.ListInboxAsync(InboxFilter.All));
        Assert.Equal(9ul, Assert.Single(await _ohio.Store.ListQuarantineAsync()).Sequence);
    }

    [Fact]
    public async Task Process_WithoutTheBrokersReceipt_IsQuarantined()
    {
        var delivery = DeliveryFor(SealFromCert(Tlp.Amber, "no receipt"), Ohio, 10);
        delivery.Receipt = null;

        Assert.Equal(DeliveryProcessor.Result.Quarantined, await _ohio.Deliveries.ProcessAsync(delivery, CancellationToken.None));
        var quarantined = Assert.Single(await _ohio.Store.ListQuarantineAsync());
        Assert.Equal(nameof(EnvelopeError.BadReceipt), quarantined.Reason);
        Assert.Contains("carries no broker receipt", quarantined.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_TamperedReceipt_IsQuarantined()
    {
        var delivery = DeliveryFor(SealFromCert(Tlp.Amber, "tampered receipt"), Ohio, 11);
        var bytes = delivery.Receipt.Receipt.ToByteArray();
        bytes[^1] ^= 0x01;
        delivery.Receipt.Receipt = ByteString.CopyFrom(bytes);

        Assert.Equal(DeliveryProcessor.Result.Quarantined, await _ohio.Deliveries.ProcessAsync(delivery, CancellationToken.None));
        Assert.Empty(await _ohio.Store.ListInboxAsync(InboxFilter.All));
        Assert.Equal(nameof(EnvelopeError.BadReceipt), Assert.Single(await _ohio.Store.ListQuarantineAsync()).Reason);
    }

    [Fact]
    public async Task Process_ReceiptSignedByAnUncertifiedKey_IsQuarantinedAfterARefetch()
    {
        var sealedBundle = SealFromCert(Tlp.Amber, "rogue broker");
        var delivery = DeliveryFor(sealedBundle, Ohio, 12, ReceiptFor(sealedBundle, key: SigningKeyPair.Generate()));

        Assert.Equal(DeliveryProcessor.Result.Quarantined, await _ohio.Deliveries.ProcessAsync(delivery, CancellationToken.None));
        Assert.Equal(nameof(EnvelopeError.UnknownBrokerKey), Assert.Single(await _ohio.Store.ListQuarantineAsync()).Reason);
    }

    [Fact]
    public async Task Process_SenderRevokedAfterTheBrokerAcceptedIt_IsStored()
    {
        var sealedBundle = SealFromCert(Tlp.Amber, "accepted before the revocation");
        var acceptedAt = _world.Time.GetUtcNow();
        _world.Time.Advance(TimeSpan.FromMinutes(5));
        await _ohio.UseDirectoryAsync(_world.Snapshot(2, revocations: [RevokeCert(_world.Time.GetUtcNow())]));

        var result = await _ohio.Deliveries.ProcessAsync(DeliveryFor(sealedBundle, Ohio, 13, ReceiptFor(sealedBundle, acceptedAt)), CancellationToken.None);

        Assert.Equal(DeliveryProcessor.Result.Stored, result);
        Assert.Equal(Cert, Assert.Single(await _ohio.Store.ListInboxAsync(InboxFilter.All)).Bundle!.Sender);
    }

    [Fact]
    public async Task Process_LateDeliveryAcceptedAfterTheSendersRevocation_IsQuarantinedNamingTheRevocationAndBothTimes()
    {
        // A forged late delivery: the header's created-at predates the revocation, the broker's receipt does not.
        var sealedBundle = SealFromCert(Tlp.Amber, "accepted after the revocation");
        _world.Time.Advance(TimeSpan.FromMinutes(1));
        var revokedAt = DateTimeOffset.FromUnixTimeMilliseconds(_world.Time.GetUtcNow().ToUnixTimeMilliseconds()); // wire precision
        var acceptedAt = revokedAt.AddSeconds(1);
        _world.Time.Advance(TimeSpan.FromMinutes(1));
        await _ohio.UseDirectoryAsync(_world.Snapshot(2, revocations: [RevokeCert(revokedAt)]));

        var result = await _ohio.Deliveries.ProcessAsync(DeliveryFor(sealedBundle, Ohio, 14, ReceiptFor(sealedBundle, acceptedAt)), CancellationToken.None);

        Assert.Equal(DeliveryProcessor.Result.Quarantined, result);
        Assert.Empty(await _ohio.Store.ListInboxAsync(InboxFilter.All));
        var quarantined = Assert.Single(await _ohio.Store.ListQuarantineAsync());
        Assert.Equal(nameof(EnvelopeError.SenderRevoked), quarantined.Reason);
        Assert.Contains($"revoked at {revokedAt:O}", quarantined.Message, StringComparison.Ordinal);
        Assert.Contains($"accepted this bundle at {acceptedAt:O}", quarantined.Message, StringComparison.Ordinal);
    }

    private static Revocation RevokeCert(DateTimeOffset at) => new() { MemberId = Cert, RevokedAtMs = at.ToUnixTimeMilliseconds(), Reason = "compromised" };

    private SealedBundle SealFromCert(Tlp label, string text) =>
        new Sealer(Cert, _world.Members[Cert].Signing, _world.Time).Seal(Request(label, text));

    private SealRequest Request(Tlp label, string text)
    {
        var bundle = new Bundle { Kind = BundleKind.Advisory, ContentType = "text/markdown", Payload = ByteString.CopyFromUtf8(text) };
        var audience = new V1.Audience { Communities = { "election-sector" } };
        return new SealRequest(bundle, label, audience, [_world.Members[Ohio].Member, _world.Members[Texas].Member], 1);
    }
}
