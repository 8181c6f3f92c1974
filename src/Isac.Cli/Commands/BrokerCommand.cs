using System.CommandLine;
using Isac.Broker.Hosting;
using Isac.Cli.Hosting;
using Microsoft.Extensions.Configuration;

namespace Isac.Cli.Commands;

/// <summary><c>isac broker run</c>: the broker host with its settings taken from the home folder.</summary>
internal static class BrokerCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var broker = new Command("broker", "The hub's broker (routes sealed bundles; never reads TLP:GREEN and above)");
        var port = CliOptions.Port(HostSettings.DefaultBrokerPort, "the broker");
        var redis = new Option<string?>("--redis")
        {
            Description = "An external Redis 7 connection string (default: the embedded Garnet store in the home folder)",
            HelpName = "CONNECTION",
        };
        var identity = CliOptions.Identity();
        var run = new Command("run", "Run the broker on 127.0.0.1 with the home folder's certificates, directory key and roster; every call needs a token from --identity")
        {
            port, redis, identity,
        };
        CommandAction.Set(run, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            HostSettings.RequireBrokerFiles(home);
            var settings = HostSettings.Broker(home, global.PassphraseOf(parse), parse.GetValue(port), parse.GetValue(redis), parse.GetRequiredValue(identity));
            var app = BrokerHost.Build(HostSettings.HostArgs, builder =>
            {
                HostSettings.AddDefaultLogLevels(builder.Configuration);
                builder.Configuration.AddInMemoryCollection(settings);
            });
            return await HostRunner.RunAsync(app, "broker", console, cancellationToken).ConfigureAwait(false);
        });
        broker.Subcommands.Add(run);
        return broker;
    }
}
