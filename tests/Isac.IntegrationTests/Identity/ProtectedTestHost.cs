using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Isac.Core.Pki;
using Isac.IntegrationTests.Hosting;
using Isac.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Isac.IntegrationTests.Identity;

/// <summary>
/// A small gRPC host that serves the broker's service contract behind mTLS (hub CA) and the broker's token
/// validation component (<c>AddIsacTokenValidation</c>), exactly as the broker will wire it: the calls that get
/// through answer with the token's member, so a test sees what the component let through.
/// </summary>
public static class ProtectedTestHost
{
    private static readonly string[] Args = ["--hostBuilder:reloadConfigOnChange=false"];

    /// <param name="pki">The hub CA (client certificates, server certificate, and trust for the identity service).</param>
    /// <param name="issuer">The identity service's issuer.</param>
    /// <param name="audience">The audience this host accepts.</param>
    /// <param name="time">The clock the token checks use (the TLS layer keeps the real one).</param>
    public static async Task<WebApplication> StartAsync(TestPki pki, Uri issuer, string audience = "isac-broker", TimeProvider? time = null)
    {
        var app = Build(pki, new Dictionary<string, string?>
        {
            ["Isac:Tokens:Issuer"] = issuer.ToString(),
            ["Isac:Tokens:Audience"] = audience,
            ["Isac:Broker:HubCaCertificatePath"] = pki.HubCaCertificatePath,
            ["Logging:LogLevel:Default"] = "Warning",
        }, time);
        await app.StartAsync();
        return app;
    }

    /// <summary>Builds the host from exactly <paramref name="settings"/> (for the start-up refusal tests).</summary>
    public static WebApplication Build(TestPki pki, IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateBuilder(Args);
        builder.Configuration.AddInMemoryCollection(settings);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddGrpc();
        builder.Services.AddIsacTokenValidation(builder.Configuration);
        var server = X509Certificate2.CreateFromEncryptedPemFile(pki.ServerCertificatePath, TestPki.Passphrase, pki.ServerKeyPath);
        var trust = pki.Trust;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = server;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => trust.ValidateClientCertificateChain(certificate).IsAccepted;
            });
        }));
        var app = builder.Build();
        app.MapGrpcService<EchoBroker>();
        return app;
    }

    /// <summary>Starts a host, runs <paramref name="call"/> against it, and stops it whatever happens.</summary>
    public static async Task<T> UsingAsync<T>(Task<WebApplication> starting, Func<WebApplication, Task<T>> call)
    {
        var host = await starting;
        try
        {
            return await call(host);
        }
        finally
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
    }

    public static Uri Address(WebApplication app) => new(app.Urls.Single());

    public static Metadata Bearer(string? token) => token is null ? [] : new Metadata { { "authorization", $"Bearer {token}" } };

    /// <summary>Calls GetDirectory over mTLS with <paramref name="certificate"/> and, if given, the bearer token.</summary>
    public static async Task<SignedDirectorySnapshot> GetDirectoryAsync(WebApplication host, HubTrust trust, X509Certificate2 certificate, string? token)
    {
        using var channel = BrokerChannels.Create(Address(host), trust, certificate);
        return await new Isac.V1.Broker.BrokerClient(channel).GetDirectoryAsync(new GetDirectoryRequest(), Bearer(token));
    }

    /// <summary>Answers as the broker would, with the member the token checks accepted in place of real work.</summary>
    private sealed class EchoBroker : Isac.V1.Broker.BrokerBase
    {
        public override Task<SignedDirectorySnapshot> GetDirectory(GetDirectoryRequest request, ServerCallContext context) =>
            Task.FromResult(new SignedDirectorySnapshot { Signature = Google.Protobuf.ByteString.CopyFromUtf8(Member(context)) });

        public override Task<PublishResponse> Publish(SealedBundle request, ServerCallContext context) =>
            Task.FromResult(new PublishResponse());

        public override Task<AckResponse> Ack(AckRequest request, ServerCallContext context) =>
            Task.FromResult(new AckResponse { AckedThrough = request.Cursor });

        private static string Member(ServerCallContext context) =>
            context.GetHttpContext().Items["isac:token-member-id"] as string ?? "(none)";
    }
}
