using Grpc.Core;
using Grpc.Net.Client;
using Isac.Core.Membership;
using Isac.V1;

namespace Isac.IntegrationTests.Hosting;

/// <summary>One member's real mTLS gRPC client to a test broker, sending the member's access token.</summary>
public sealed class FederationClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _certificate;

    public FederationClient(BrokerFixture broker, string memberId)
        : this((broker ?? throw new ArgumentNullException(nameof(broker))).Pki, broker.Address, memberId)
    {
    }

    /// <summary>A client of the broker at <paramref name="address"/> with a member certificate from <paramref name="pki"/>.</summary>
    public FederationClient(TestPki pki, Uri address, string memberId)
    {
        ArgumentNullException.ThrowIfNull(pki);
        MemberId = memberId;
        _certificate = pki.IssueMember(memberId);
        _channel = BrokerChannels.CreateWithTokens(address, pki, _certificate);
        Broker = new V1.Broker.BrokerClient(_channel);
    }

    public string MemberId { get; }

    public V1.Broker.BrokerClient Broker { get; }

    public async Task<SignedReceipt> PublishAsync(SealedBundle sealedBundle) => (await Broker.PublishAsync(sealedBundle)).Receipt;

    public async Task<VerifiedDirectory> DirectoryAsync(TestFederation federation) =>
        federation.Verify(await Broker.GetDirectoryAsync(new GetDirectoryRequest()));

    /// <summary>Everything in the mailbox after <paramref name="cursor"/>: reads until the stream is quiet.</summary>
    public async Task<List<SubscribeResponse>> ReadMailboxAsync(ulong cursor = 0, int quietMilliseconds = 400)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Connect (TLS and HTTP/2 handshakes) before the quiet window starts: on a loaded machine a first
        // connection can take longer than the window, which would read a full mailbox as empty.
        await Broker.GetDirectoryAsync(new GetDirectoryRequest(), cancellationToken: cancel.Token);
        using var call = Broker.Subscribe(new SubscribeRequest { Cursor = cursor }, cancellationToken: cancel.Token);
        var items = new List<SubscribeResponse>();
        while (true)
        {
            var next = call.ResponseStream.MoveNext(cancel.Token);
            if (await Task.WhenAny(next, Task.Delay(quietMilliseconds, cancel.Token)) != next)
            {
                await cancel.CancelAsync();
                try
                {
                    await next;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
                {
                }

                return items;
            }

            if (!await next)
            {
                return items;
            }

            items.Add(call.ResponseStream.Current);
        }
    }

    /// <summary>The deliveries of one bundle in this member's mailbox.</summary>
    public async Task<List<Delivery>> DeliveriesOfAsync(Google.Protobuf.ByteString bundleId)
    {
        var items = await ReadMailboxAsync();
        return [.. items.Where(i => i.Delivery is not null && RoutingHeader.Parser.ParseFrom(i.Delivery.Header).BundleId == bundleId).Select(i => i.Delivery)];
    }

    public void Dispose()
    {
        _channel.Dispose();
        _certificate.Dispose();
    }
}
