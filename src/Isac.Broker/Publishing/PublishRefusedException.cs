using Grpc.Core;

namespace Isac.Broker.Publishing;

/// <summary>A publish the broker refused: the gRPC status, a stable reason code (metrics, audit) and a message.</summary>
internal sealed class PublishRefusedException : Exception
{
    public PublishRefusedException(StatusCode status, string reason, string message)
        : base(message)
    {
        Status = status;
        Reason = reason;
    }

    public PublishRefusedException()
        : this(StatusCode.Internal, "unknown", "refused")
    {
    }

    public PublishRefusedException(string message)
        : this(StatusCode.Internal, "unknown", message)
    {
    }

    public PublishRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCode.Internal;
        Reason = "unknown";
    }

    public StatusCode Status { get; }

    public string Reason { get; }

    public RpcException ToRpcException() => new(new Status(Status, $"{Reason}: {Message}"));
}
