using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Isac.Core.Envelope;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;
using Isac.Node.Tests.Support;
using Isac.V1;
using static Isac.Node.Tests.Support.NodeWorld;

namespace Isac.Node.Tests.Publishing;

public sealed class OutboxTests : IAsyncLifetime, IDisposable
{
    private readonly NodeWorld _world = new();
    private NodeParts _cert = null!;

    public async Task InitializeAsync()
    {
        _cert = await _world.NodeAsync(Cert);
        await _cert.UseDirectoryAsync(_world.Snapshot(1));
    }

    public async Task DisposeAsync() => await _cert.DisposeAsync();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Publish_BrokerDown_IsPersistedQueuedAndSentLaterWithTheSameBytes()
    {
        var response = await _cert.Publisher.PublishAsync(Advisory(TlpLabel.Amber, "election-sector"), CancellationToken.None);
        Assert.Equal("queued", response.Status);
        var pending = Assert.Single(await _cert.Store.ListPendingAsync());
        Assert.Equal(response.BundleId.ToByteArray(), pending.Id);
        Assert.Equal(1, pending.Attempts);

        _cert.Broker.OnPublish = FakeBroker.Accept;
        Assert.True(await _cert.Outbox.FlushAsync(CancellationToken.None));

        var sent = Assert.Single(_cert.Broker.Published);
        Assert.Equal(pending.Sealed, sent.ToByteArray());
        var stored = await _cert.Store.GetOutboxItemAsync(pending.Id);
        Assert.Equal(OutboxState.Published, stored!.State);
        Assert.NotNull(stored.Receipt);
        Assert.Empty(await _cert.Store.ListPendingAsync());
    }

    [Fact]
    public async Task Outbox_ItemOlderThanTheBrokerMaxAge_IsResealedUnderANewIdThatSupersedesTheOld()
    {
        var queued = await _cert.Publisher.PublishAsync(Advisory(TlpLabel.Amber, "election-sector"), CancellationToken.None);
        var oldId = queued.BundleId.ToByteArray();

        _world.Time.Advance(TimeSpan.FromMinutes(15));
        _cert.Broker.OnPublish = FakeBroker.Accept;
        Assert.True(await _cert.Outbox.FlushAsync(CancellationToken.None));

        var sent = Assert.Single(_cert.Broker.Published);
        var header = RoutingHeader.Parser.ParseFrom(sent.Header);
        Assert.NotEqual(oldId, header.BundleId.ToByteArray());
        Assert.Equal(_world.Time.GetUtcNow().ToUnixTimeMilliseconds(), header.CreatedAtMs);
        Assert.Equal(OutboxState.Superseded, (await _cert.Store.GetOutboxItemAsync(oldId))!.State);
        var replacement = await _cert.Store.GetOutboxItemAsync(header.BundleId.ToByteArray());
        Assert.Equal(OutboxState.Published, replacement!.State);
        Assert.Equal(oldId, replacement.Supersedes);

        // The recipients see the link inside the sealed bundle too.
        var ohio = _world.Members[Ohio];
        var opened = new Opener(Ohio, [ohio.Encryption]).Open(DeliveryFor(sent, Ohio, 1), _world.Verify(_world.Snapshot(1)));
        Assert.Equal(oldId, opened.Bundle.Supersedes.ToByteArray());
    }

    [Fact]
    public async Task Outbox_BrokerSaysStale_ResealsOnceAndPublishes()
    {
        var calls = 0;
        _cert.Broker.OnPublish = bundle => ++calls == 1
            ? throw new RpcException(new Status(StatusCode.FailedPrecondition, "stale: created too long ago: seal it again"))
            : FakeBroker.Accept(bundle);

        var response = await _cert.Publisher.PublishAsync(Advisory(TlpLabel.Green, "election-sector"), CancellationToken.None);

        Assert.Equal("published", response.Status);
        Assert.Equal(2, calls);
        var sent = Assert.Single(_cert.Broker.Published);
        Assert.Equal(response.BundleId, RoutingHeader.Parser.ParseFrom(sent.Header).BundleId);
    }

    [Fact]
    public async Task Publish_BrokerRefusesForGood_FailsWithItsStatusAndIsNotRetried()
    {
        var calls = 0;
        _cert.Broker.OnPublish = _ =>
        {
            calls++;
            throw new RpcException(new Status(StatusCode.PermissionDenied, "sender-revoked: 'cert-national' is revoked or not an active member"));
        };

        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => _cert.Publisher.PublishAsync(Advisory(TlpLabel.Green, "election-sector"), CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, error.Status);
        Assert.Contains("sender-revoked", error.Message, StringComparison.Ordinal);

        Assert.True(await _cert.Outbox.FlushAsync(CancellationToken.None));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Publish_BrokerAnswersWithAReceiptByAnUncertifiedKey_FailsAsBadReceiptAndIsNotMarkedPublished()
    {
        _cert.Broker.OnPublish = bundle => new PublishResponse { Receipt = ReceiptFor(bundle, key: Isac.Core.Crypto.SigningKeyPair.Generate()) };

        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => _cert.Publisher.PublishAsync(Advisory(TlpLabel.Green, "election-sector"), CancellationToken.None));

        Assert.Equal(StatusCode.DataLoss, error.Status);
        Assert.Contains("bad-receipt", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not certify", error.Message, StringComparison.Ordinal);
        var item = Assert.Single(_cert.Broker.Published);
        Assert.Equal(OutboxState.Failed, (await _cert.Store.GetOutboxItemAsync(RoutingHeader.Parser.ParseFrom(item.Header).BundleId.ToByteArray()))!.State);
    }

    [Fact]
    public async Task Publish_BrokerAnswersWithAReceiptForAnotherBundle_FailsAsBadReceipt()
    {
        SealedBundle? first = null;
        _cert.Broker.OnPublish = bundle => FakeBroker.Accept(first ??= bundle);
        await _cert.Publisher.PublishAsync(Advisory(TlpLabel.Green, "election-sector"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => _cert.Publisher.PublishAsync(Advisory(TlpLabel.Green, "election-sector"), CancellationToken.None));

        Assert.Equal(StatusCode.DataLoss, error.Status);
        Assert.Contains("is for bundle", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("extra-recipient: 'x' is not in the cleared audience")]
    [InlineData("stale-recipient-key: the entry for 'x' is sealed to a key that is not its current encryption key")]
    public async Task Publish_RecipientsNotMatchingTheBrokersSnapshot_IsResealedOnceAfterAFreshDirectory(string refusal)
    {
        var calls = 0;
        _cert.Broker.OnPublish = _ =>
        {
            calls++;
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal));
        };

        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => _cert.Publisher.PublishAsync(Advisory(TlpLabel.Green, "election-sector"), CancellationToken.None));

        Assert.Equal(StatusCode.PermissionDenied, error.Status);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Publish_PolicyRefusal_NamesTheRuleAndEnqueuesNothing()
    {
        await using var vendor = await _world.NodeAsync(Vendor);
        await vendor.UseDirectoryAsync(_world.Snapshot(1));
        vendor.Broker.OnPublish = FakeBroker.Accept;

        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => vendor.Publisher.PublishAsync(Advisory(TlpLabel.Amber, "election-sector"), CancellationToken.None));

        Assert.Equal(StatusCode.PermissionDenied, error.Status);
        Assert.Contains("LabelNotAllowedForRole", error.Message, StringComparison.Ordinal);
        Assert.Empty(await vendor.Store.ListPendingAsync());
        Assert.Empty(vendor.Broker.Published);
    }

    [Fact]
    public async Task Publish_StixObjectAboveTheLabel_IsRefusedNamingTheObject()
    {
        _cert.Broker.OnPublish = FakeBroker.Accept;
        var request = Advisory(TlpLabel.Green, "election-sector");
        request.ContentType = "application/stix+json; version=2.1";
        request.Payload = ByteString.CopyFromUtf8(Stix.IndicatorMarked(Core.Labels.TlpMarkings.Amber));

        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => _cert.Publisher.PublishAsync(request, CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.Status);
        Assert.Contains(Stix.IndicatorId, error.Message, StringComparison.Ordinal);
        Assert.Empty(_cert.Broker.Published);
    }

    [Fact]
    public async Task Publish_UnmarkedStixObject_IsSealedWithTheEnvelopeMarking()
    {
        _cert.Broker.OnPublish = FakeBroker.Accept;
        var request = Advisory(TlpLabel.Amber, "election-sector");
        request.ContentType = "application/stix+json;version=2.1";
        request.Payload = ByteString.CopyFromUtf8(Stix.IndicatorMarked(null));

        await _cert.Publisher.PublishAsync(request, CancellationToken.None);

        var opened = new Opener(Ohio, [_world.Members[Ohio].Encryption]).Open(DeliveryFor(Assert.Single(_cert.Broker.Published), Ohio, 1), _world.Verify(_world.Snapshot(1)));
        Assert.Contains(Core.Labels.TlpMarkings.Amber, opened.Bundle.Payload.ToStringUtf8(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_Organization_ExpandsToItsMembers()
    {
        _cert.Broker.OnPublish = FakeBroker.Accept;
        var request = new NodePublishRequest { Kind = BundleKind.Advisory, ContentType = "text/markdown", Payload = ByteString.CopyFromUtf8("for ohio"), Tlp = TlpLabel.Amber, Organizations = { "ohio-sos" } };

        var response = await _cert.Publisher.PublishAsync(request, CancellationToken.None);

        Assert.Equal(1u, response.RecipientCount);
        var header = RoutingHeader.Parser.ParseFrom(Assert.Single(_cert.Broker.Published).Header);
        Assert.Equal([Ohio], header.Audience.Members);
    }

    [Theory]
    [InlineData("text/html", "content type")]
    [InlineData("text/markdown", "kind")]
    public async Task Publish_BadInput_IsInvalidArgument(string contentType, string named)
    {
        var request = Advisory(TlpLabel.Green, "election-sector");
        request.ContentType = contentType;
        if (named == "kind")
        {
            request.Kind = BundleKind.Unspecified;
        }

        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => _cert.Publisher.PublishAsync(request, CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, error.Status);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static NodePublishRequest Advisory(TlpLabel label, string community) => new()
    {
        Kind = BundleKind.Advisory,
        ContentType = "text/markdown",
        Payload = ByteString.CopyFrom(Encoding.UTF8.GetBytes("# advisory")),
        Tlp = label,
        Communities = { community },
    };
}
