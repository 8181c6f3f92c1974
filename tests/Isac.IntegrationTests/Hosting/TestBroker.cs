using Isac.Broker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Isac.IntegrationTests.Hosting;

/// <summary>Builds the real broker host in-process with test configuration.</summary>
public static class TestBroker
{
    // No file watchers: many hosts start and stop in one test run.
    private static readonly string[] Args = ["--hostBuilder:reloadConfigOnChange=false"];

    /// <param name="settings">Configuration on top of the usual sources.</param>
    /// <param name="logs">If given, receives every log entry with its scopes.</param>
    public static WebApplication Build(IDictionary<string, string?> settings, LogCapture? logs = null) => Build(settings, logs, services: null);

    /// <param name="settings">Configuration on top of the usual sources.</param>
    /// <param name="logs">If given, receives every log entry with its scopes.</param>
    /// <param name="services">
    /// Runs after the broker's own registrations: a test replaces a service there for failure injection
    /// (for example <c>services.Replace(...)</c> of the mailbox store with a <c>FaultyMailboxStore</c>).
    /// </param>
    public static WebApplication Build(IDictionary<string, string?> settings, LogCapture? logs, Action<IServiceCollection>? services) =>
        BrokerHost.Build(Args, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }

            services?.Invoke(builder.Services);
        });
}
