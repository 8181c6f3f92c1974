using Grpc.Core;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Isac.Node.Brokering;

/// <summary>Which broker failures are worth retrying (the broker was unreachable or slow) and which are answers.</summary>
internal static class BrokerFailures
{
    /// <summary>True for a status that a later attempt may not get: the broker or the network was down or slow.</summary>
    public static bool IsTransientStatus(StatusCode status) => status is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    /// <summary>True if the call failed without an answer from the broker (retry later, the bundle stays queued).</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        RpcException rpc => IsTransientStatus(rpc.StatusCode),
        TimeoutRejectedException or BrokenCircuitException or HttpRequestException => true,
        _ => false,
    };

    /// <summary>
    /// The broker refused a bundle because it went stale or its directory version is gone, or because its recipient
    /// entries do not match the broker's current snapshot (a member revoked, enrolled or with a rotated key since this
    /// node's snapshot): fetch the directory and seal it again, once.
    /// </summary>
    public static bool NeedsReseal(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var detail = exception.Status.Detail;
        return exception.StatusCode switch
        {
            StatusCode.FailedPrecondition => detail.StartsWith("stale:", StringComparison.Ordinal) || detail.StartsWith("directory-version:", StringComparison.Ordinal),
            StatusCode.PermissionDenied => detail.StartsWith("extra-recipient:", StringComparison.Ordinal)
                || detail.StartsWith("missing-recipient:", StringComparison.Ordinal)
                || detail.StartsWith("stale-recipient-key:", StringComparison.Ordinal),
            _ => false,
        };
    }
}
