using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Isac.Cli.Home;
using Isac.Core.Membership;
using Isac.Core.Pki;
using Isac.Core.Tokens;

namespace Isac.Cli.Hosting;

/// <summary>
/// A member's own mTLS connection to the broker, made the way a node makes it (the server is checked against the
/// hub CA only, never the system roots; the member's access token from the identity service on every call). The demo
/// uses it to replay a sealed bundle at the broker.
/// </summary>
internal sealed class BrokerConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly X509Certificate2 _certificate;
    private readonly MemberTokenClient _tokens;

    private BrokerConnection(GrpcChannel channel, X509Certificate2 certificate, MemberTokenClient tokens)
    {
        _channel = channel;
        _certificate = certificate;
        _tokens = tokens;
        Client = new V1.Broker.BrokerClient(channel);
        Admin = new V1.Admin.AdminClient(channel);
    }

    public V1.Broker.BrokerClient Client { get; }

    /// <summary>The broker's membership admin API on the same connection (docs/admin.md).</summary>
    public V1.Admin.AdminClient Admin { get; }

    /// <summary>
    /// Connects as <paramref name="memberId"/> (its client certificate from the home folder) with access tokens for
    /// <paramref name="scopes"/> from <paramref name="identityIssuer"/>, fetched and renewed as calls need them.
    /// </summary>
    public static BrokerConnection Open(IsacHome home, string memberId, string passphrase, Uri address, Uri identityIssuer, string scopes = IsacScopes.Member)
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
        var tokens = MemberTokenClient.Create(identityIssuer, memberId, scopes, trust, certificate);
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            Credentials = Grpc.Core.ChannelCredentials.Create(new Grpc.Core.SslCredentials(), tokens.ToCallCredentials()),
        });
        return new BrokerConnection(channel, certificate, tokens);
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
        _tokens.Dispose();
        _certificate.Dispose();
    }
}
