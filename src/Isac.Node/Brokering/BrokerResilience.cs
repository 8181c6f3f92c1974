using System.Net.Security;
using Grpc.Core;
using Isac.Node.Configuration;
using Isac.Node.Hosting;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Isac.Node.Brokering;

/// <summary>Registers the broker client (mTLS, hub CA only) and its resilience pipeline.</summary>
internal static class BrokerResilience
{
    /// <summary>The resilience pipeline's name.</summary>
    public const string PipelineName = "isac-broker";

    /// <summary>The gRPC client's name.</summary>
    public const string ClientName = "isac-broker";

    private const int MaxMessageBytes = 20 * 1024 * 1024;

    public static IServiceCollection AddBrokerConnection(this IServiceCollection services)
    {
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
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        services.AddResiliencePipeline(PipelineName, builder => builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => BrokerFailures.IsTransientStatus(e.StatusCode)).Handle<TimeoutRejectedException>(),
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
