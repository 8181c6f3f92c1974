using Grpc.Core;

namespace Isac.Broker.Admin;

/// <summary>An admin call the broker refused: the gRPC status, a stable reason token (metrics, audit) and a message.</summary>
/// <remarks>Made only by <see cref="AdminRefusals"/>, so it has none of the general-purpose constructors.</remarks>
internal sealed class AdminRefusedException(StatusCode status, string reason, string message) : Exception(message)
{
    public StatusCode Status { get; } = status;

    /// <summary>A short stable token (<see cref="AdminRefusals"/>), never an id: it tags the refusal counter.</summary>
    public string Reason { get; } = reason;

    public RpcException ToRpcException() => new(new Status(Status, $"{Reason}: {Message}"));
}
