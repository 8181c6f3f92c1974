using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Isac.Core.Tokens;

/// <summary>
/// A client interceptor that calls <paramref name="onRefused"/> (typically <see cref="MemberTokenClient.Invalidate"/>)
/// when a call ends with <c>Unauthenticated</c>: the broker refused the token, so the next attempt must get a new one
/// instead of presenting the cached one again.
/// </summary>
/// <param name="onRefused">Runs on every <c>Unauthenticated</c> answer.</param>
public sealed class TokenRefusalInterceptor(Action onRefused) : Interceptor
{
    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(ObserveAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    /// <inheritdoc />
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(
            new ObservedReader<TResponse>(call.ResponseStream, this), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<TResponse> ObserveAsync<TResponse>(Task<TResponse> response)
    {
        try
        {
            return await response.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            Refused();
            throw;
        }
    }

    private void Refused() => onRefused();

    private sealed class ObservedReader<T>(IAsyncStreamReader<T> inner, TokenRefusalInterceptor owner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
            {
                owner.Refused();
                throw;
            }
        }
    }
}
