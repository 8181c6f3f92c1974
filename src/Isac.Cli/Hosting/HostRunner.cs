using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Isac.Cli.Hosting;

/// <summary>Starts a host, says where it listens, and runs it until Ctrl+C (or the host stops itself).</summary>
internal static class HostRunner
{
    public static async Task<int> RunAsync(WebApplication app, string what, CliConsole console, CancellationToken cancellationToken)
    {
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            console.Line($"{what} listening on {string.Join(", ", app.Urls)} (Ctrl+C stops it)");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
