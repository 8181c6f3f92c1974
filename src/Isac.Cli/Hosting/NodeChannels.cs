using Grpc.Net.Client;

namespace Isac.Cli.Hosting;

/// <summary>The channel to a node's local API: HTTP/2 cleartext on loopback (the node serves nothing else).</summary>
internal static class NodeChannels
{
    public static GrpcChannel Create(Uri address)
    {
        if (!string.Equals(address.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal))
        {
            throw new CliException($"the node API address {address} must be http:// (the node's local API is HTTP/2 on loopback)");
        }

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) },
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 32 * 1024 * 1024,
        });
    }

    /// <summary>Turns "connection refused" into a hint to start the node.</summary>
    public static string? DescribeUnavailable(Grpc.Core.RpcException e, Uri address) =>
        e.StatusCode == Grpc.Core.StatusCode.Unavailable
            ? $"no node answers at {address}: start one with `isac node run --member ID` (or pass --node) ({e.Status.Detail})"
            : null;
}
