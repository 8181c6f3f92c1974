using System.CommandLine;
using Isac.Cli.Hosting;
using Isac.Identity.Hosting;
using Microsoft.Extensions.Configuration;

namespace Isac.Cli.Commands;

/// <summary><c>isac identity run</c>: the identity service (access tokens for the broker) from the home folder.</summary>
internal static class IdentityCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var identity = new Command("identity", "The hub's identity service (short-lived access tokens bound to members' client certificates)");
        var port = CliOptions.Port(HostSettings.DefaultIdentityPort, "the identity service");
        var admins = new Option<string[]>("--admin")
        {
            Description = "A member that may ask for the isac.admin scope (repeatable; every active member gets isac.publish and isac.subscribe)",
            HelpName = "ID",
        };
        var run = new Command("run", "Run the identity service on 127.0.0.1 with the home folder's certificate and roster; its signing key is kept in the home folder")
        {
            port, admins,
        };
        CommandAction.Set(run, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            HostSettings.RequireIdentityFiles(home);
            if (parse.GetValue(port) == 0)
            {
                throw new CliException("--port 0 is not possible for the identity service: its issuer URI, which the broker and nodes are given, names its port");
            }

            var issuer = HostSettings.IdentityIssuer(parse.GetValue(port));
            var settings = HostSettings.Identity(home, global.PassphraseOf(parse), issuer, parse.GetValue(admins) ?? []);
            var app = IdentityHost.Build(HostSettings.HostArgs, builder =>
            {
                HostSettings.AddDefaultLogLevels(builder.Configuration);
                builder.Configuration.AddInMemoryCollection(settings);
            });
            return await HostRunner.RunAsync(app, $"identity service (issuer {issuer})", console, cancellationToken).ConfigureAwait(false);
        });
        identity.Subcommands.Add(run);
        return identity;
    }
}
