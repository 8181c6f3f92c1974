using System.CommandLine;
using Isac.Cli.Hosting;
using Isac.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace Isac.Cli.Commands;

/// <summary><c>isac node run --member ID</c>: a member's node with its keys and certificate from the home folder.</summary>
internal static class NodeCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var node = new Command("node", "A member's node agent (holds its keys, seals, receives, keeps the inbox)");
        var member = CliOptions.MemberId("The member whose node this is");
        var port = CliOptions.Port(HostSettings.DefaultNodePort, "the node's local API");
        var broker = new Option<Uri>("--broker")
        {
            Description = "The broker's address",
            HelpName = "URL",
            DefaultValueFactory = _ => new Uri($"https://127.0.0.1:{HostSettings.DefaultBrokerPort}"),
            CustomParser = result => CliOptions.ParseUri(result, "--broker", "https"),
        };
        var identity = CliOptions.Identity();
        var taxii = new TaxiiRunOptions();
        var run = new Command("run", "Run the member's node: local API on 127.0.0.1, mTLS and access tokens to the broker, background subscription; with --taxii-port, a TAXII 2.1 server over HTTPS")
        {
            member, port, broker, identity,
        };
        taxii.AddTo(run);
        CommandAction.Set(run, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var memberId = parse.GetRequiredValue(member);
            HostSettings.RequireNodeFiles(home, memberId);
            var taxiiSettings = await taxii.SettingsAsync(parse, home, memberId, parse.GetValue(port), cancellationToken).ConfigureAwait(false);
            var settings = HostSettings.Node(home, memberId, global.PassphraseOf(parse), parse.GetRequiredValue(broker), parse.GetValue(port), parse.GetRequiredValue(identity));
            foreach (var (key, value) in taxiiSettings)
            {
                settings[key] = value;
            }

            var app = NodeHost.Build(HostSettings.HostArgs, builder =>
            {
                HostSettings.AddDefaultLogLevels(builder.Configuration);
                builder.Configuration.AddInMemoryCollection(settings);
            });
            return await HostRunner.RunAsync(app, $"node of {memberId}", console, cancellationToken).ConfigureAwait(false);
        });
        node.Subcommands.Add(run);
        return node;
    }
}
