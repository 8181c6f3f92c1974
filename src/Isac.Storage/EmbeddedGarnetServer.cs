using System.Net;
using System.Net.Sockets;
using Garnet;
using Microsoft.Extensions.Logging;

namespace Isac.Storage;

/// <summary>
/// An in-process Microsoft Garnet server on 127.0.0.1 with its append-only file under a data directory: the broker's
/// default store, so the demo needs no install. It runs with Lua, the AOF and recovery on, so disposing it and starting
/// a new one on the same directory finds every write that was committed (see <see cref="IDurabilityBarrier"/>).
/// </summary>
public sealed class EmbeddedGarnetServer : IDisposable
{
    private const int StartAttempts = 5;
    private readonly GarnetServer _server;
    private int _disposed;

    private EmbeddedGarnetServer(GarnetServer server, int port, string dataDirectory)
    {
        _server = server;
        Port = port;
        DataDirectory = dataDirectory;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The directory holding the append-only file and checkpoints.</summary>
    public string DataDirectory { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>
    /// The command-line arguments Garnet is started with (without <c>--port</c>). Why each one:
    /// <list type="bullet">
    /// <item><c>--lua</c>: the mailbox, replay and audit scripts; <c>--lua-transaction-mode</c> makes a script lock its
    /// keys, so a script is isolated from other connections as on Redis (without it Garnet runs a script like a plain
    /// sequence of commands).</item>
    /// <item><c>--aof --recover</c>: every write goes to the append-only file and a restart replays it.</item>
    /// <item><c>--device-type RandomAccess</c>: portable file I/O for the AOF (no native library).</item>
    /// <item><c>--checkpointdir</c>: Garnet keeps the AOF and checkpoints there. <c>--logdir</c> is left out: it is
    /// only for tiered storage, which is off.</item>
    /// </list>
    /// </summary>
    internal static string[] Arguments(string dataDirectory, int port, bool quiet) =>
    [
        "--bind", "127.0.0.1",
        "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--lua",
        "--lua-transaction-mode",
        "--aof",
        "--recover",
        "--device-type", "RandomAccess",
        "--checkpointdir", dataDirectory,
        // No banner on the host's console; Garnet's own console logger only when no logger factory is given.
        "-q",
        .. quiet ? (string[])["--disable-console-logger"] : [],
    ];

    /// <summary>Starts a server with its data in <paramref name="dataDirectory"/> (created if missing), recovering what is there.</summary>
    /// <param name="dataDirectory">The directory for the append-only file and checkpoints.</param>
    /// <param name="loggerFactory">Where Garnet logs; null keeps it quiet.</param>
    public static EmbeddedGarnetServer Start(string dataDirectory, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);

        // A free port found by binding port 0 can be taken by someone else before Garnet binds it: retry a few times.
        for (var attempt = 1; ; attempt++)
        {
            var port = FindFreeLoopbackPort();
            GarnetServer? server = null;
            try
            {
                server = new GarnetServer(Arguments(directory, port, quiet: loggerFactory is null), loggerFactory);
                server.Start();
                return new EmbeddedGarnetServer(server, port, directory);
            }
            catch (SocketException) when (attempt < StartAttempts)
            {
                server?.Dispose();
            }
        }
    }

    /// <summary>Stops the server and closes its files; the data stays in <see cref="DataDirectory"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _server.Dispose();
        }
    }

    private static int FindFreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
