using Grpc.Core;
using Isac.Broker.Diagnostics;
using Isac.Broker.Security;
using Isac.V1;

namespace Isac.Broker.Services;

/// <summary>
/// The broker's gRPC service. Every call is authenticated (mTLS with the hub CA, member id from the certificate)
/// before it gets here. The methods are not implemented yet: each answers <c>Unimplemented</c>, naming the
/// authenticated caller so that clients and tests can see authentication succeeded.
/// </summary>
internal sealed class BrokerService(ILogger<BrokerService> logger) : V1.Broker.BrokerBase
{
    public override Task<PublishResponse> Publish(SealedBundle request, ServerCallContext context) =>
        throw NotImplementedYet(nameof(Publish), context);

    public override Task Subscribe(SubscribeRequest request, IServerStreamWriter<SubscribeResponse> responseStream, ServerCallContext context) =>
        throw NotImplementedYet(nameof(Subscribe), context);

    public override Task<AckResponse> Ack(AckRequest request, ServerCallContext context) =>
        throw NotImplementedYet(nameof(Ack), context);

    public override Task<SignedDirectorySnapshot> GetDirectory(GetDirectoryRequest request, ServerCallContext context) =>
        throw NotImplementedYet(nameof(GetDirectory), context);

    private RpcException NotImplementedYet(string method, ServerCallContext context)
    {
        var memberId = context.GetMemberId();
        logger.NotImplementedYet(method);
        return new RpcException(new Status(StatusCode.Unimplemented, $"{method} is not implemented yet (caller: member '{memberId}')"));
    }
}
