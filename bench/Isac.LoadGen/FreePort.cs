using System.Net;
using System.Net.Sockets;

namespace Isac.LoadGen;

/// <summary>A free loopback TCP port (bound to port 0, then released).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
