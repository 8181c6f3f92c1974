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

    /// <summary>The broker refused a bundle because it went stale or its directory version is gone: seal it again.</summary>
    public static bool NeedsReseal(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode == StatusCode.FailedPrecondition
            && (exception.Status.Detail.StartsWith("stale:", StringComparison.Ordinal)
                || exception.Status.Detail.StartsWith("directory-version:", StringComparison.Ordinal));
    }
}
