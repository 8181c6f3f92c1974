using Grpc.Core;
using Isac.V1;

namespace Isac.LoadGen;

/// <summary>
/// The real broker (the built <c>Isac.Broker.dll</c>) in a child process, configured with <c>Isac__...</c>
/// environment variables, so that its CPU seconds and peak working set are its own.
/// </summary>
internal sealed class BrokerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private BrokerProcess(ChildProcess process, Uri address)
    {
        Process = process;
        Address = address;
    }

    public ChildProcess Process { get; }

    public Uri Address { get; }

    /// <summary>Starts the broker and waits until a member's <c>GetDirectory</c> call succeeds.</summary>
    public static async Task<BrokerProcess> StartAsync(LoadFederation federation, string probeMemberId, string? storeConnectionString, string logLevel)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Isac.Broker.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The broker is not built next to the load generator ({dll}): dotnet build bench/Isac.LoadGen -c Release.");
        }

        var port = FreePort.Next();
        var environment = federation.BrokerEnvironment(port, storeConnectionString, logLevel);
        // An empty content root: the host watches its content root (recursively) for appsettings changes, and a
        // content root holding the store's files would wake that watcher on every AOF write.
        var contentRoot = Directory.CreateDirectory(Path.Combine(federation.Directory.FullName, "broker-content-root")).FullName;
        var process = ChildProcess.Start("broker", "dotnet", [dll], environment, contentRoot);
        var broker = new BrokerProcess(process, new Uri($"https://127.0.0.1:{port}"));
        try
        {
            await broker.WaitReadyAsync(federation, probeMemberId);
            return broker;
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }

    public void Dispose() => Process.Dispose();

    private async Task WaitReadyAsync(LoadFederation federation, string probeMemberId)
    {
        using var certificate = federation.IssueClientCertificate(probeMemberId);
        using var tokens = federation.Tokens(probeMemberId, certificate);
        using var channel = BrokerChannel.Create(Address, federation.Trust, certificate, tokens);
        var client = new V1.Broker.BrokerClient(channel);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The broker exited during start-up:{Environment.NewLine}{Process.OutputTail()}");
            }

            try
            {
                await client.GetDirectoryAsync(new GetDirectoryRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                return;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            catch (RpcException ex)
            {
                throw new InvalidOperationException($"The broker did not answer within {StartTimeout.TotalSeconds:0} s ({ex.Status}):{Environment.NewLine}{Process.OutputTail()}", ex);
            }
        }
    }
}
