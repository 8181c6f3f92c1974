using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Isac.Core.Pki;

namespace Isac.IntegrationTests.Hosting;

/// <summary>gRPC channels to the broker the way a node makes them: the server is checked against the hub CA only.</summary>
public static class BrokerChannels
{
    /// <param name="address">The broker's address.</param>
    /// <param name="serverTrust">The CA the client trusts for the server's certificate (never the system roots).</param>
    /// <param name="clientCertificate">The member's certificate with its key, or null to present none.</param>
    /// <param name="protocols">TLS versions the client offers; None lets the platform choose (TLS 1.3 here).</param>
    /// <param name="tokens">Attached to every call (the member's access token), or null to send none.</param>
    public static GrpcChannel Create(Uri address, HubTrust serverTrust, X509Certificate2? clientCertificate, SslProtocols protocols = SslProtocols.None, CallCredentials? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(serverTrust);
        var ssl = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = serverTrust.CreateServerChainPolicy(),
            EnabledSslProtocols = protocols,
        };
        if (clientCertificate is not null)
        {
            ssl.ClientCertificates = [clientCertificate];
            // Present the certificate whatever CAs the server names, so that the server, not the client's
            // certificate selection, decides about a foreign certificate.
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        var handler = new SocketsHttpHandler { SslOptions = ssl, ConnectTimeout = TimeSpan.FromSeconds(10) };
        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true };
        if (tokens is not null)
        {
            options.Credentials = ChannelCredentials.Create(new SslCredentials(), tokens);
        }

        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>
    /// A member's channel as a node makes it: its certificate for mTLS and its access token from
    /// <paramref name="pki"/>'s identity service on every call (none for a certificate that names no member).
    /// </summary>
    public static GrpcChannel CreateWithTokens(Uri address, TestPki pki, X509Certificate2? clientCertificate, SslProtocols protocols = SslProtocols.None)
    {
        ArgumentNullException.ThrowIfNull(pki);
        return Create(address, pki.Trust, clientCertificate, protocols, pki.TokenCredentials(clientCertificate));
    }
}
