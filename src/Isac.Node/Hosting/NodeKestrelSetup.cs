using System.Net;
using Isac.Node.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Isac.Node.Hosting;

/// <summary>The local API listens on the configured loopback address only, HTTP/2 cleartext (gRPC).</summary>
internal sealed class NodeKestrelSetup(IOptions<NodeOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    private const int MaxRequestBytes = 20 * 1024 * 1024;

    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var settings = options.Value; // throws OptionsValidationException naming the settings
        kestrel.Limits.MaxRequestBodySize = MaxRequestBytes;
        kestrel.Listen(IPAddress.Parse(settings.ListenAddress), settings.Port, listen => listen.Protocols = HttpProtocols.Http2);
    }
}
