namespace Isac.Node.Hosting;

/// <summary>Builds the node host; <c>Program</c>, the <c>isac</c> CLI and the integration tests start exactly this host.</summary>
public static class NodeHost
{
    /// <summary>
    /// Builds the node from <paramref name="args"/> and the usual configuration sources (section <c>Isac:Node</c>);
    /// <paramref name="configure"/> runs after the node's registrations (the CLI and tests add configuration there).
    /// After <c>StartAsync</c>, <c>app.Urls</c> holds the local API address (http://127.0.0.1:port, HTTP/2, loopback only).
    /// </summary>
    /// <exception cref="ArgumentException">The key passphrase was passed on the command line, where other users of the
    /// machine can read it: use the environment variable <c>Isac__Node__KeyPassphrase</c> or <c>Isac:Node:KeyPassphraseFile</c>.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        foreach (var arg in args)
        {
            if (arg.Contains("KeyPassphrase", StringComparison.OrdinalIgnoreCase) && !arg.Contains("KeyPassphraseFile", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException(
                    "Isac:Node:KeyPassphrase must not be given on the command line (other users can read it there): set the environment variable Isac__Node__KeyPassphrase or Isac:Node:KeyPassphraseFile.",
                    nameof(args));
            }
        }

        // The content root is the program's own folder (where appsettings.json is), not the working directory: the
        // host watches its content root for configuration changes, and a data directory under the working directory
        // (for example .isac/) would wake that watcher on every write of the node.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddIsacNode();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapIsacNode();
        return app;
    }
}
