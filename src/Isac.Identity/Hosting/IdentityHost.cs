namespace Isac.Identity.Hosting;

/// <summary>Builds the identity service host; <c>Program</c> and the integration tests start exactly this host.</summary>
public static class IdentityHost
{
    /// <summary>
    /// Builds the identity service from <paramref name="args"/> and the usual configuration sources.
    /// <paramref name="configure"/> runs after the service's registrations (tests add configuration there).
    /// After <c>StartAsync</c>, <c>app.Urls</c> holds the bound address.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is missing or wrong (the message names it).</exception>
    /// <exception cref="InvalidOperationException">A key cannot be decrypted with its configured passphrase.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is the program's own folder (where appsettings.json is), not the working directory: the
        // host watches its content root for configuration changes, and a data directory under the working directory
        // (for example .isac/) would wake that watcher on every write of the identity service.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddIsacIdentity();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapIsacIdentity();
        return app;
    }
}
