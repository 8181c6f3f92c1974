using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Isac.Core.Pki;
using Isac.Core.Tokens;

namespace Isac.LoadGen;

/// <summary>A member's mTLS gRPC channel to the broker with its access token: the server is checked against the hub CA only.</summary>
internal static class BrokerChannel
{
    public static GrpcChannel Create(Uri address, HubTrust serverTrust, X509Certificate2 clientCertificate, MemberTokenClient tokens)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = serverTrust.CreateServerChainPolicy(),
            ClientCertificates = [clientCertificate],
            LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate,
        };
        var handler = new SocketsHttpHandler
        {
            SslOptions = ssl,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // One HTTP/2 connection carries at most ~100 concurrent streams by default: open more when needed.
            EnableMultipleHttp2Connections = true,
        };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // The bulletin scenario's directory holds 10,000 cards.
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
            Credentials = ChannelCredentials.Create(new SslCredentials(), tokens.ToCallCredentials()),
        });
    }
}
