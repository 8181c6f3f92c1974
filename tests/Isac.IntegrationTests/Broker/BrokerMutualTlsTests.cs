using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Isac.IntegrationTests.Hosting;
using Isac.V1;

namespace Isac.IntegrationTests.Broker;

/// <summary>The broker's front door, over real TLS on 127.0.0.1, with the real host and certificates.</summary>
public sealed class BrokerMutualTlsTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    // A member of the test federation's roster: only those get the access token every call needs.
    private const string MemberId = Hosting.TestFederation.OfficeOhio;

    [Fact]
    public async Task HealthCheck_WithMemberCertificate_ReturnsServing()
    {
        using var certificate = broker.Pki.IssueMember(MemberId);
        using var channel = broker.CreateChannel(certificate);

        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Theory]
    [InlineData(SslProtocols.Tls13)]
    [InlineData(SslProtocols.Tls12)]
    public async Task HealthCheck_WithoutClientCertificate_ServerClosesConnection(SslProtocols protocol)
    {
        using var channel = broker.CreateChannel(clientCertificate: null, protocol);

        var error = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync);

        AssertServerClosedAfterTlsHandshake(error);
    }

    [Theory]
    [InlineData(SslProtocols.Tls13)]
    [InlineData(SslProtocols.Tls12)]
    public async Task HealthCheck_WithForeignCaCertificate_IsRefusedByServer(SslProtocols protocol)
    {
        using var refusals = new RefusalRecorder(broker.App.Services);
        using var certificate = broker.Pki.IssueForeignMember(MemberId);
        using var channel = broker.CreateChannel(certificate, protocol);

        var error = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync);

        AssertServerClosedAfterTlsHandshake(error);
        Assert.Equal(["client-certificate-untrusted"], refusals.Reasons);
    }

    [Fact]
    public async Task GetDirectory_WithMemberCertificate_ReturnsTheSnapshotSignedUnderTheRoot()
    {
        using var certificate = broker.Pki.IssueMember(MemberId);
        using var channel = broker.CreateChannel(certificate);

        var snapshot = await new V1.Broker.BrokerClient(channel).GetDirectoryAsync(new GetDirectoryRequest());

        var directory = broker.Pki.Federation.Verify(snapshot);
        Assert.NotNull(directory.FindActive(Hosting.TestFederation.OfficeOhio));
    }

    [Fact]
    public async Task Publish_WithMemberCertificate_LogsTheRefusalUnderTheMembersScope()
    {
        using var certificate = broker.Pki.IssueMember(Hosting.TestFederation.Vendor);
        using var channel = broker.CreateChannel(certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => new V1.Broker.BrokerClient(channel).PublishAsync(new SealedBundle()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var entry = Assert.Single(broker.Logs.Entries, e => e.Message.StartsWith($"Refused publish from {Hosting.TestFederation.Vendor}", StringComparison.Ordinal) && e.Scopes.GetValueOrDefault("MemberId") == Hosting.TestFederation.Vendor);
        Assert.Equal("Isac.Broker.Publishing.PublishPipeline", entry.Category);
    }

    [Fact]
    public async Task GetDirectory_WithoutClientCertificate_NeverReachesService()
    {
        using var channel = broker.CreateChannel(clientCertificate: null);

        var error = await Assert.ThrowsAsync<RpcException>(() => new V1.Broker.BrokerClient(channel).GetDirectoryAsync(new GetDirectoryRequest()).ResponseAsync);

        AssertServerClosedAfterTlsHandshake(error);
    }

    [Fact]
    public async Task GetDirectory_WithHubCertificateWithoutMemberId_IsUnauthenticated()
    {
        // A certificate the hub CA signed (so TLS accepts it) that names no member: only a CN, no SAN URI. It cannot
        // get an access token, and the token check runs first, before the service.
        using var certificate = IssueWithoutMemberUri();
        using var channel = broker.CreateChannel(certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => new V1.Broker.BrokerClient(channel).GetDirectoryAsync(new GetDirectoryRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith("an access token is required", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(broker.Logs.Entries, e => e.EventId == 300 && e.Message.Contains("an access token is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetDirectory_MemberTokenOverHubCertificateWithoutMemberId_IsUnauthenticated()
    {
        // A real member's token presented over a connection whose certificate names no member: the token is bound to
        // the member's certificate, not this one.
        using var member = broker.Pki.IssueMember(MemberId);
        var token = await broker.Pki.Tokens(member).GetTokenAsync();
        using var certificate = IssueWithoutMemberUri();
        using var channel = broker.CreateChannel(certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => new V1.Broker.BrokerClient(channel)
            .GetDirectoryAsync(new GetDirectoryRequest(), new Metadata { { "authorization", "Bearer " + token } }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith("the access token is refused: The specified certificate-based proof-of-possession is not valid", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ServerCertificateCheckedAgainstClientsCaOnly_ForeignTrustFails()
    {
        using var certificate = broker.Pki.IssueMember(MemberId);
        // A client that trusts some other CA must not accept the broker's certificate (no system roots either).
        using var channel = Hosting.BrokerChannels.Create(broker.Address, broker.Pki.ForeignCa.CreateTrust(), certificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync);

        // The client refuses the broker's certificate itself: a TLS failure on the client's side.
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        var http = Assert.IsType<HttpRequestException>(error.Status.DebugException);
        Assert.Equal(HttpRequestError.SecureConnectionError, http.HttpRequestError);
        var tls = Assert.IsType<AuthenticationException>(http.InnerException);
        Assert.Contains("PartialChain", tls.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reflection_WithMemberCertificate_ListsBrokerAndHealthServices()
    {
        using var certificate = broker.Pki.IssueMember(MemberId);
        using var channel = broker.CreateChannel(certificate);
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("isac.v1.Broker", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    private X509Certificate2 IssueWithoutMemberUri()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=cert.ohio", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        return request.Create(broker.Pki.Ca.Certificate, now.AddMinutes(-5), now.AddHours(1), [0x41, 0x02, 0x03, 0x04]).CopyWithPrivateKey(key);
    }

    /// <summary>
    /// What a client sees when the broker refuses its certificate (or its lack of one). On Linux, .NET's server
    /// validates the client certificate once OpenSSL has completed the handshake, with TLS 1.2 and 1.3 alike: the
    /// client's own handshake succeeds (it accepted the server's certificate), then the server closes the
    /// connection before sending its HTTP/2 SETTINGS frame. How the client's HTTP/2 layer notices the close is a
    /// race (end of stream, a disposed SslStream, or no inner exception at all), and gRPC maps the first two to
    /// Unavailable and the last to Internal; the message that the server never completed the HTTP/2 handshake is
    /// common to all three. Observed over 40 refused calls: 26 ResponseEnded, 13 disposed stream, 1 Internal.
    /// </summary>
    private static void AssertServerClosedAfterTlsHandshake(RpcException error)
    {
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
        var http = Assert.IsType<HttpRequestException>(error.Status.DebugException);
        Assert.NotEqual(HttpRequestError.SecureConnectionError, http.HttpRequestError);
        // Rarely (once in a full run on the loaded 2-core machine, never in 300 calls on a quiet one) the client is
        // still writing when the server's close arrives, and the write fails with a socket error instead.
        Assert.Contains(
            Chain(http),
            e => e.Message.StartsWith("An HTTP/2 connection could not be established because the server did not complete the HTTP/2 handshake", StringComparison.Ordinal)
                || e is System.Net.Sockets.SocketException
                {
                    SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted or System.Net.Sockets.SocketError.Shutdown,
                });
    }

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            yield return error;
        }
    }
}
