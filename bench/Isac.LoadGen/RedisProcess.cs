using System.Globalization;
using StackExchange.Redis;

namespace Isac.LoadGen;

/// <summary>
/// A redis-server started for the run, configured as production is (append-only, fsync always, no RDB
/// snapshots, noeviction), on a free loopback port with its data in a temp folder.
/// </summary>
internal static class RedisProcess
{
    private static readonly string[] Binaries = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    public static async Task<(ChildProcess Process, string ConnectionString)> StartAsync(string directory)
    {
        var binary = Binaries.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: apt-get install -y redis-server (or pass --store redis=HOST:PORT).");
        Directory.CreateDirectory(directory);
        var port = FreePort.Next();
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction",
        ];
        var process = ChildProcess.Start("redis-server", binary, arguments);
        var connectionString = $"127.0.0.1:{port}";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString + ",connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return (process, connectionString);
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(100);
            }
        }

        var output = process.OutputTail();
        process.Dispose();
        throw new InvalidOperationException($"redis-server did not answer PING on {connectionString}: {output}");
    }
}
