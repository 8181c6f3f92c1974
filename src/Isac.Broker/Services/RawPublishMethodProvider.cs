using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Isac.V1;

namespace Isac.Broker.Services;

/// <summary>
/// Binds <c>Publish</c> a second time with the request taken as raw bytes, so that bytes that are not a
/// <c>SealedBundle</c> reach the broker and are refused like any bad input (<c>InvalidArgument</c>, reason
/// <c>malformed</c>, counted and audited). With the generated binding they fail in gRPC's own deserializer,
/// before any interceptor or service code, and the caller gets <c>Unknown</c> with no reason. The endpoint of
/// this binding is ordered before the generated one (see <c>MapIsacBroker</c>), so the generated one is never hit.
/// </summary>
internal sealed class RawPublishMethodProvider : IServiceMethodProvider<BrokerService>
{
    /// <summary>Endpoint metadata that marks the raw <c>Publish</c> endpoint.</summary>
    internal static readonly object EndpointMarker = new RawPublishEndpoint();

    private static readonly Method<byte[], PublishResponse> Method = new(
        MethodType.Unary,
        V1.Broker.Descriptor.FullName,
        "Publish",
        Marshallers.Create(static (byte[] bytes) => bytes, static bytes => bytes),
        Marshallers.Create(static (PublishResponse response) => response.ToByteArray(), PublishResponse.Parser.ParseFrom));

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<BrokerService> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddUnaryMethod(Method, [EndpointMarker], static (service, request, callContext) => service.PublishBytes(request, callContext));
    }

    private sealed class RawPublishEndpoint;
}
