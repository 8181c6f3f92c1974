using Grpc.Core;
using Grpc.Net.ClientFactory;
using Isac.V1;
using Polly;
using Polly.Registry;

namespace Isac.Node.Brokering;

/// <summary>
/// The broker client over mTLS (from the gRPC client factory) with the unary calls run through the
/// <see cref="BrokerResilience.PipelineName"/> resilience pipeline: gRPC reports failures as status codes, which
/// an HTTP resilience handler cannot see, so retries are keyed on the gRPC status instead.
/// </summary>
internal sealed class BrokerConnection(GrpcClientFactory clients, ResiliencePipelineProvider<string> pipelines) : IBrokerConnection
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(15);

    private ResiliencePipeline Pipeline => pipelines.GetPipeline(BrokerResilience.PipelineName);

    private V1.Broker.BrokerClient Client => clients.CreateClient<V1.Broker.BrokerClient>(BrokerResilience.ClientName);

    public Task<PublishResponse> PublishAsync(SealedBundle bundle, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(
            async (state, token) => await Client.PublishAsync(state, deadline: Deadline(), cancellationToken: token).ConfigureAwait(false),
            bundle,
            cancellationToken).AsTask();

    public Task<AckResponse> AckAsync(ulong cursor, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(
            async (state, token) => await Client.AckAsync(new AckRequest { Cursor = state }, deadline: Deadline(), cancellationToken: token).ConfigureAwait(false),
            cursor,
            cancellationToken).AsTask();

    public Task<SignedDirectorySnapshot> GetDirectoryAsync(ulong knownVersion, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(
            async (state, token) => await Client.GetDirectoryAsync(new GetDirectoryRequest { KnownVersion = state }, deadline: Deadline(), cancellationToken: token).ConfigureAwait(false),
            knownVersion,
            cancellationToken).AsTask();

    public AsyncServerStreamingCall<SubscribeResponse> Subscribe(ulong cursor, CancellationToken cancellationToken) =>
        Client.Subscribe(new SubscribeRequest { Cursor = cursor }, cancellationToken: cancellationToken);

    private static DateTime Deadline() => DateTime.UtcNow + CallDeadline;
}
