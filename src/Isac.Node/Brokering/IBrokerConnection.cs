using Grpc.Core;
using Isac.V1;

namespace Isac.Node.Brokering;

/// <summary>The node's calls to the broker. Unary calls are retried on transient failures; see <see cref="BrokerFailures"/>.</summary>
internal interface IBrokerConnection
{
    /// <summary>Publishes a sealed bundle; a retry of the same bytes gets the original receipt back.</summary>
    Task<PublishResponse> PublishAsync(SealedBundle bundle, CancellationToken cancellationToken);

    /// <summary>Trims the mailbox through <paramref name="cursor"/>.</summary>
    Task<AckResponse> AckAsync(ulong cursor, CancellationToken cancellationToken);

    /// <summary>The broker's current signed directory snapshot.</summary>
    Task<SignedDirectorySnapshot> GetDirectoryAsync(ulong knownVersion, CancellationToken cancellationToken);

    /// <summary>Opens the mailbox stream after <paramref name="cursor"/> (not retried: the subscriber reconnects itself).</summary>
    AsyncServerStreamingCall<SubscribeResponse> Subscribe(ulong cursor, CancellationToken cancellationToken);
}
