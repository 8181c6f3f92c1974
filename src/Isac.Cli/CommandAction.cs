using System.CommandLine;
using System.Security.Cryptography;
using Grpc.Core;
using Isac.Core.Keys;
using Microsoft.Extensions.Options;

namespace Isac.Cli;

/// <summary>
/// Runs a verb and turns the failures a user can cause into one clear line on stderr and exit code 1, never a
/// stack trace: bad input, a missing file, a wrong passphrase, a refusal by the node or broker.
/// </summary>
internal static class CommandAction
{
    public static void Set(Command command, CliConsole console, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            catch (Exception e) when (Describe(e) is { } message)
            {
                await console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        });

    /// <summary>The message for a failure the user can fix, or null for a bug (which keeps its stack trace).</summary>
    internal static string? Describe(Exception e) => e switch
    {
        CliException => e.Message,
        KeyStoreException => e.Message,
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        OptionsValidationException options => string.Join("; ", options.Failures),
        CryptographicException => $"a key or certificate could not be used (wrong passphrase or damaged file?): {e.Message}",
        FileNotFoundException or DirectoryNotFoundException or InvalidDataException => e.Message,
        IOException => e.Message,
        UnauthorizedAccessException => e.Message,
        _ => null,
    };
}
