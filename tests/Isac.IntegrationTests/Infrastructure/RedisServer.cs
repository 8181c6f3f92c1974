using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Isac.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> process on a free loopback port with its data in a fresh temporary directory,
/// configured as production is (append-only, fsync always, no RDB snapshots, noeviction) unless a test overrides a
/// setting. Killed and its directory deleted on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string MissingBinaryMessage = "redis-server is not installed: apt-get install -y redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private RedisServer(Process process, int port, string directory, StringBuilder output)
    {
        _process = process;
        Port = port;
        Directory = directory;
        _output = output;
    }

    public int Port { get; }

    public string Directory { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>
    /// Starts a server. Each of <paramref name="directives"/> is a directive name and its arguments (for example
    /// <c>["maxmemory-policy", "allkeys-lru"]</c> or <c>["rename-command", "EVAL", ""]</c>); one named like a default
    /// replaces that default.
    /// </summary>
    public static async Task<RedisServer> StartAsync(params string[][] directives)
    {
        var binary = FindOnPath("redis-server") ?? throw new InvalidOperationException(MissingBinaryMessage);
        var directory = System.IO.Directory.CreateTempSubdirectory("isac-redis-").FullName;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                List<string[]> settings =
                [
                    ["port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                    ["bind", "127.0.0.1"],
                    ["dir", directory],
                    ["appendonly", "yes"],
                    ["appendfsync", "always"],
                    ["save", ""],
                    ["maxmemory-policy", "noeviction"],
                ];
                settings.RemoveAll(d => directives.Any(o => o[0] == d[0]));
                settings.AddRange(directives);

                var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var directive in settings)
                {
                    start.ArgumentList.Add("--" + directive[0]);
                    foreach (var argument in directive.Skip(1))
                    {
                        start.ArgumentList.Add(argument);
                    }
                }

                var output = new StringBuilder();
                var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
                process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
                process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();

                var server = new RedisServer(process, port, directory, output);
                if (await server.WaitForPingAsync().ConfigureAwait(false))
                {
                    return server;
                }

                await server.StopProcessAsync().ConfigureAwait(false);
                string log;
                lock (output)
                {
                    log = output.ToString();
                }

                // Another process may have taken the port between our probe and redis-server's bind: try another.
                if (attempt >= 3 || !log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"redis-server did not answer PING on port {port} within {StartTimeout}. Its output:\n{log}");
                }
            }
        }
        catch
        {
            TryDelete(directory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync().ConfigureAwait(false);
        TryDelete(Directory);
    }

    private async Task<bool> WaitForPingAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray()).ConfigureAwait(false);
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (IOException)
            {
                // Closed while loading.
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        return false;
    }

    private async Task StopProcessAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing to delete.
        }
        catch (IOException)
        {
            // A file still held open; the temp directory is cleaned by the system later.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
