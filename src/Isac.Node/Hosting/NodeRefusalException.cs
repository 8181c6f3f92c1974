using Grpc.Core;

namespace Isac.Node.Hosting;

/// <summary>A request the node refuses, with the gRPC status the local API answers with.</summary>
internal sealed class NodeRefusalException : Exception
{
    public NodeRefusalException(StatusCode status, string message)
        : base(message)
    {
        Status = status;
    }

    public NodeRefusalException()
        : this(StatusCode.Internal, "refused")
    {
    }

    public NodeRefusalException(string message)
        : this(StatusCode.Internal, message)
    {
    }

    public NodeRefusalException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCode.Internal;
    }

    /// <summary>The status to answer with.</summary>
    public StatusCode Status { get; }

    /// <summary>The exception as the local API returns it.</summary>
    public RpcException ToRpcException() => new(new Status(Status, Message));
}
