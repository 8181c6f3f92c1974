using Google.Protobuf;
using Grpc.Core;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Node.Hosting;
using Isac.Node.Tests.Support;
using Isac.V1;
using static Isac.Node.Tests.Support.NodeWorld;

namespace Isac.Node.Tests.Publishing;

public sealed class ForwardTests : IAsyncLifetime, IDisposable
{
    private readonly NodeWorld _world = new();
    private NodeParts _texas = null!;

    public async Task InitializeAsync()
    {
        _texas = await _world.NodeAsync(Texas);
        await _texas.UseDirectoryAsync(_world.Snapshot(1));
        _texas.Broker.OnPublish = FakeBroker.Accept;
    }

    public async Task DisposeAsync() => await _texas.DisposeAsync();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData(Tlp.Red, TlpLabel.Unspecified, new string[0], new[] { Ohio }, "TLP:RED is never re-shared")]
    [InlineData(Tlp.AmberStrict, TlpLabel.Unspecified, new string[0], new[] { Ohio }, "TLP:AMBER+STRICT is re-shared only inside the recipient's organization")]
    [InlineData(Tlp.Amber, TlpLabel.Unspecified, new string[0], new[] { Vendor }, "TLP:AMBER re-shares only to the forwarder's declared clients")]
    [InlineData(Tlp.Amber, TlpLabel.Unspecified, new[] { "election-sector" }, new string[0], "never to a community")]
    [InlineData(Tlp.Amber, TlpLabel.Green, new string[0], new[] { Ohio }, "A forward may not lower the label")]
    [InlineData(Tlp.Green, TlpLabel.Unspecified, new[] { "vendors" }, new string[0], "TLP:GREEN re-shares only inside the original audience's communities")]
    public async Task Forward_ForbiddenByTlp_IsRefusedBeforeSendingNamingTheRule(Tlp original, TlpLabel newLabel, string[] communities, string[] members, string rule)
    {
        var id = await ReceiveFromCertAsync(original);
        var request = new NodeForwardRequest { BundleId = ByteString.CopyFrom(id), Tlp = newLabel, Communities = { communities }, Members = { members } };

        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => _texas.Publisher.ForwardAsync(request, CancellationToken.None));

        Assert.Equal(StatusCode.PermissionDenied, error.Status);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.Empty(_texas.Broker.Published);
        Assert.Empty(await _texas.Store.ListPendingAsync());
    }

    [Fact]
    public async Task Forward_AmberToADeclaredClient_EmbedsTheOriginalHeaderSignatureAndProof()
    {
        var id = await ReceiveFromCertAsync(Tlp.Amber);
        var original = Delivery.Parser.ParseFrom((await _texas.Store.GetInboxItemAsync(id))!.Bundle!.Delivery);

        var response = await _texas.Publisher.ForwardAsync(new NodeForwardRequest { BundleId = ByteString.CopyFrom(id), Members = { Ohio } }, CancellationToken.None);

        Assert.Equal("published", response.Status);
        var forward = Assert.Single(_texas.Broker.Published);
        var header = RoutingHeader.Parser.ParseFrom(forward.Header);
        Assert.Equal(Texas, header.SenderMemberId);
        Assert.Equal(TlpLabel.Amber, header.Tlp);
        Assert.Equal(original.Header, header.ForwardedFrom.Header);
        Assert.Equal(original.Signature, header.ForwardedFrom.Signature);
        Assert.Equal(original.Entry, header.ForwardedFrom.Entry);
        Assert.Equal(original.Proof, header.ForwardedFrom.Proof);
        Assert.Equal(Ohio, RecipientEntry.Parser.ParseFrom(Assert.Single(forward.Entries)).MemberId);
    }

    [Fact]
    public async Task Forward_BundleNotInTheInbox_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<NodeRefusalException>(() => _texas.Publisher.ForwardAsync(new NodeForwardRequest { BundleId = ByteString.CopyFrom(BundleIds.New()), Members = { Ohio } }, CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, error.Status);
    }

    private async Task<byte[]> ReceiveFromCertAsync(Tlp label)
    {
        var bundle = new Bundle { Kind = BundleKind.Advisory, ContentType = "text/markdown", Payload = ByteString.CopyFromUtf8($"{label} original") };
        var audience = label == Tlp.Red ? new V1.Audience { Members = { Texas } } : new V1.Audience { Communities = { "election-sector" } };
        var sealedBundle = new Sealer(Cert, _world.Members[Cert].Signing, _world.Time).Seal(new SealRequest(bundle, label, audience, [_world.Members[Texas].Member], 1));
        await _texas.Deliveries.ProcessAsync(DeliveryFor(sealedBundle, Texas, 1), CancellationToken.None);
        return RoutingHeader.Parser.ParseFrom(sealedBundle.Header).BundleId.ToByteArray();
    }
}
