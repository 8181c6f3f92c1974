using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Isac.Cli.Home;
using Isac.Core.Membership;
using Isac.Core.Pki;

namespace Isac.Cli.Hosting;

/// <summary>
/// A member's own mTLS connection to the broker, made the way a node makes it (the server is checked against the
/// hub CA only, never the system roots). The demo uses it to replay a sealed bundle at the broker.
/// </summary>
internal sealed class BrokerConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly X509Certificate2 _certificate;

    private BrokerConnection(GrpcChannel channel, X509Certificate2 certificate)
    {
        _channel = channel;
        _certificate = certificate;
        Client = new V1.Broker.BrokerClient(channel);
        Admin = new V1.Admin.AdminClient(channel);
    }

    public V1.Broker.BrokerClient Client { get; }

    /// <summary>The broker's membership admin API on the same connection (docs/admin.md).</summary>
    public V1.Admin.AdminClient Admin { get; }

    public static BrokerConnection Open(IsacHome home, string memberId, string passphrase, Uri address)
    {
        var trust = HubTrust.FromFile(home.HubCaCertificatePath);
        var certificate = X509Certificate2.CreateFromEncryptedPemFile(home.ClientCertificatePath(memberId), passphrase, home.ClientKeyPath(memberId));
        var ssl = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = trust.CreateServerChainPolicy(),
            ClientCertificates = [certificate],
            LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
        };
        var handler = new SocketsHttpHandler { SslOptions = ssl, ConnectTimeout = TimeSpan.FromSeconds(10) };
        return new BrokerConnection(GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true }), certificate);
    }

    /// <summary>Fetches the directory snapshot and verifies it against the pinned governance root.</summary>
    public async Task<VerifiedDirectory> DirectoryAsync(byte[] rootPublicKey, CancellationToken cancellationToken)
    {
        var snapshot = await Client.GetDirectoryAsync(new V1.GetDirectoryRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        var verification = new DirectoryVerifier(rootPublicKey, TimeProvider.System).Verify(snapshot, (DirectoryVersionMark?)null);
        return verification.Directory ?? throw new CliException($"the broker's directory snapshot does not verify: {verification.Error}: {verification.Message}");
    }

    public void Dispose()
    {
        _channel.Dispose();
        _certificate.Dispose();
    }
}
