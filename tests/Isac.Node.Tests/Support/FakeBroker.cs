using Grpc.Core;
using Isac.Node.Brokering;
using Isac.V1;

namespace Isac.Node.Tests.Support;

/// <summary>
/// Failure injection for the node's broker calls: a broker that is down, refuses, or serves a chosen (possibly
/// rolled-back) snapshot. The end-to-end behaviour against the real broker is in the integration tests.
/// </summary>
internal sealed class FakeBroker : IBrokerConnection
{
    public SignedDirectorySnapshot? Directory { get; set; }

    /// <summary>Null: the broker is down (Unavailable). Otherwise the answer (or exception) for a publish.</summary>
    public Func<SealedBundle, PublishResponse>? OnPublish { get; set; }

    public List<SealedBundle> Published { get; } = [];

    /// <summary>Accepts with a receipt signed by <see cref="NodeWorld.BrokerKey"/>, which the world's snapshots certify.</summary>
    public static PublishResponse Accept(SealedBundle bundle) => new() { Receipt = NodeWorld.ReceiptFor(bundle) };

    public Task<PublishResponse> PublishAsync(SealedBundle bundle, CancellationToken cancellationToken)
    {
        if (OnPublish is null)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "broker down (injected)"));
        }

        var response = OnPublish(bundle);
        Published.Add(bundle);
        return Task.FromResult(response);
    }

    public Task<AckResponse> AckAsync(ulong cursor, CancellationToken cancellationToken)
    {
        lock (Acks)
        {
            Acks.Add(cursor);
        }

        return Task.FromResult(new AckResponse { AckedThrough = cursor, MailboxHead = Math.Max(cursor, MailboxHead) });
    }

    public Task<SignedDirectorySnapshot> GetDirectoryAsync(ulong knownVersion, CancellationToken cancellationToken) =>
        Directory is null ? throw new RpcException(new Status(StatusCode.Unavailable, "broker down (injected)")) : Task.FromResult(Directory);

    /// <summary>What each Subscribe call streams (then the stream ends, as when the broker goes away); empty: Unavailable.</summary>
    public Queue<SubscribeResponse[]> Streams { get; } = new();

    public List<ulong> SubscribedFrom { get; } = [];

    public List<ulong> Acks { get; } = [];

    /// <summary>The mailbox's last sequence, answered with every ack (an ack never passes it).</summary>
    public ulong MailboxHead { get; set; }

    public AsyncServerStreamingCall<SubscribeResponse> Subscribe(ulong cursor, CancellationToken cancellationToken)
    {
        lock (Streams)
        {
            SubscribedFrom.Add(cursor);
            if (Streams.Count == 0)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "broker down (injected)"));
            }

            var reader = new ScriptedStream(Streams.Dequeue());
            return new AsyncServerStreamingCall<SubscribeResponse>(reader, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }
    }

    private sealed class ScriptedStream(SubscribeResponse[] items) : IAsyncStreamReader<SubscribeResponse>
    {
        private int _index = -1;

        public SubscribeResponse Current => items[_index];

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(++_index < items.Length);
    }
}
