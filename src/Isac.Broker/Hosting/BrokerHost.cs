namespace Isac.Broker.Hosting;

/// <summary>Builds the broker host; <c>Program</c> and the integration tests start exactly this host.</summary>
public static class BrokerHost
{
    /// <summary>
    /// Builds the broker from <paramref name="args"/> and the usual configuration sources.
    /// <paramref name="configure"/> runs after the broker's registrations (tests add configuration there, for
    /// example certificate paths and <c>Isac:Broker:Port</c> = 0). After <c>StartAsync</c>, <c>app.Urls</c>
    /// holds the bound address.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">
    /// A setting is missing or wrong (the message names it): the hub CA, the server certificate and key, their
    /// passphrase, the listen address, the identity service's issuer (<c>Isac:Tokens:Issuer</c>). Kestrel reads its options while the host is built, so this happens here,
    /// before anything listens.
    /// </exception>
    /// <exception cref="InvalidOperationException">The server key cannot be decrypted with the configured passphrase.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is the program's own folder (where appsettings.json is), not the working directory: the
        // host watches its content root for configuration changes, and a data directory under the working directory
        // (for example .isac/) would wake that watcher on every write of the broker.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddIsacBroker();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapIsacBroker();
        return app;
    }
}
