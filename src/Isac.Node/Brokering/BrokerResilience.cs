using System.Net.Security;
using Grpc.Core;
using Isac.Core.Tokens;
using Isac.Node.Configuration;
using Isac.Node.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Isac.Node.Brokering;

/// <summary>
/// Registers the broker client (mTLS, hub CA only, the member's access token on every call) and its resilience
/// pipeline, and the identity service's client that obtains the tokens.
/// </summary>
internal static class BrokerResilience
{
    /// <summary>The resilience pipeline's name.</summary>
    public const string PipelineName = "isac-broker";

    /// <summary>The gRPC client's name.</summary>
    public const string ClientName = "isac-broker";

    /// <summary>The HTTP client's name for the identity service's token endpoint.</summary>
    public const string IdentityClientName = "isac-identity";

    private const int MaxMessageBytes = 20 * 1024 * 1024;

    public static IServiceCollection AddBrokerConnection(this IServiceCollection services)
    {
        AddTokenClient(services);
        services.AddGrpcClient<V1.Broker.BrokerClient>(ClientName, (provider, client) =>
            {
                client.Address = new Uri(provider.GetRequiredService<IOptions<NodeOptions>>().Value.BrokerAddress!);
            })
            .ConfigureChannel(channel =>
            {
                channel.ThrowOperationCanceledOnCancellation = true;
                channel.MaxReceiveMessageSize = MaxMessageBytes;
                channel.MaxSendMessageSize = MaxMessageBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(provider => CreateHandler(provider.GetRequiredService<NodeRuntime>()))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The token is resolved per call (after start-up, when the client certificate is loaded).
            .AddCallCredentials((context, metadata, provider) => provider.GetRequiredService<MemberTokenClient>().AddAuthorizationAsync(context, metadata))
            .AddInterceptor(provider => new TokenRefusalInterceptor(() => provider.GetRequiredService<MemberTokenClient>().Invalidate()));

        services.AddResiliencePipeline(PipelineName, builder => builder
            .AddRetry(new RetryStrategyOptions
            {
                // Unauthenticated: the broker refused the token (expired in flight, or the identity service's key
                // changed); the interceptor dropped it, so the next attempt presents a new one.
                ShouldHandle = new PredicateBuilder()
                    .Handle<RpcException>(e => BrokerFailures.IsTransientStatus(e.StatusCode) || e.StatusCode == StatusCode.Unauthenticated)
                    .Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => BrokerFailures.IsTransientStatus(e.StatusCode)).Handle<TimeoutRejectedException>(),
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(3),
            })
            .AddTimeout(TimeSpan.FromSeconds(20)));
        services.AddSingleton<IBrokerConnection, BrokerConnection>();
        return services;
    }

    private static void AddTokenClient(IServiceCollection services)
    {
        // The certificate is the node's client certificate, so the token is bound to the connection the broker sees.
        services.AddHttpClient(IdentityClientName)
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var credentials = provider.GetRequiredService<NodeRuntime>().Credentials;
                return MemberTokenClient.CreateHandler(credentials.Trust, credentials.ClientCertificate);
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler();
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<NodeOptions>>().Value;
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(IdentityClientName);
            return new MemberTokenClient(http, new Uri(options.IdentityUri!, UriKind.Absolute), options.MemberId!, IsacScopes.Member, provider.GetRequiredService<TimeProvider>());
        });
    }

    private static SocketsHttpHandler CreateHandler(NodeRuntime runtime)
    {
        var credentials = runtime.Credentials;
        var certificate = credentials.ClientCertificate;
        return new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                // The hub CA is the only trust anchor: never the system roots.
                CertificateChainPolicy = credentials.Trust.CreateServerChainPolicy(),
                ClientCertificates = [certificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
            },
        };
    }
}
