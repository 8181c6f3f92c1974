using Grpc.Core;
using Grpc.Net.Client;
using Isac.V1;

namespace Isac.LoadGen;

/// <summary>
/// One member's live <c>Subscribe</c> stream, resumed from its last sequence after a broken stream (so delivery
/// is at-least-once, as for a node); calls back for every delivery and gap.
/// </summary>
internal sealed class MailboxSubscriber(GrpcChannel channel, Action<Delivery> onDelivery, Action<Gap> onGap)
{
    private readonly V1.Broker.BrokerClient _client = new(channel);
    private ulong _cursor;

    public int Reconnects { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var call = _client.Subscribe(new SubscribeRequest { Cursor = _cursor }, cancellationToken: cancellationToken);
                await foreach (var item in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    if (item.Delivery is { } delivery)
                    {
                        onDelivery(delivery);
                        _cursor = Math.Max(_cursor, delivery.Sequence);
                    }
                    else if (item.Gap is { } gap)
                    {
                        onGap(gap);
                        _cursor = Math.Max(_cursor, gap.ToSequence);
                    }
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown)
            {
                Reconnects++;
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
