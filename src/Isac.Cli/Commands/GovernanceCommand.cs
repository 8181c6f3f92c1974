using System.CommandLine;
using Isac.Cli.Home;

namespace Isac.Cli.Commands;

/// <summary>
/// <c>isac governance init</c>, <c>certify-directory-key</c> (alias <c>renew</c>) and <c>certify-broker-key</c>: the
/// trust chain's root, the broker's directory key and its receipt key.
/// </summary>
internal static class GovernanceCommand
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(23);

    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var governance = new Command("governance", "The governance root (signs member cards) and the directory key it certifies");
        governance.Subcommands.Add(Init(global, console));
        governance.Subcommands.Add(CertifyDirectoryKey(global, console));
        governance.Subcommands.Add(CertifyBrokerKey(global, console));
        return governance;
    }

    private static Option<double> Hours() => new("--hours")
    {
        Description = "Lifetime of the directory key's certificate in hours (at most 23.9: the key is online)",
        DefaultValueFactory = _ => DefaultLifetime.TotalHours,
    };

    private static Command Init(GlobalOptions global, CliConsole console)
    {
        var hours = Hours();
        var force = new Option<bool>("--force") { Description = "Replace an existing governance root (every card it signed stops verifying)" };
        var command = new Command("init", "Create the governance root key, a directory key and the broker's receipt key certified by it, and an empty roster")
        {
            hours, force,
        };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var passphrase = global.PassphraseOf(parse);
            var root = await GovernanceFiles.InitAsync(home, passphrase, TimeSpan.FromHours(parse.GetValue(hours)), parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            console.Line($"Governance root: {Convert.ToHexStringLower(root.PublicKey)} (pinned by every node and the broker; {home.RootPublicKeyPath})");
            console.Line($"Directory key certified for {parse.GetValue(hours):0.##} h; renew it with `isac governance certify-directory-key`.");
            console.Line($"Broker receipt key certified for {GovernanceFiles.DefaultBrokerKeyLifetime.TotalDays:0} days ({home.ReceiptKeyCertificatePath}); renew it with `isac governance certify-broker-key`.");
            console.Line($"Roster: {home.RosterPath}. Next: isac keys new --member ID, then isac members add.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CertifyDirectoryKey(GlobalOptions global, CliConsole console)
    {
        var hours = Hours();
        var newKey = new Option<bool>("--new-key") { Description = "Generate a new directory key and certify it (a running broker loads the key at start: restart it)" };
        var command = new Command("certify-directory-key", "Certify the directory key with the governance root for a day at most (a running broker picks up the certificate)")
        {
            hours, newKey,
        };
        command.Aliases.Add("renew");
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var notAfter = await GovernanceFiles.CertifyDirectoryKeyAsync(
                home, global.PassphraseOf(parse), TimeSpan.FromHours(parse.GetValue(hours)), parse.GetValue(newKey), cancellationToken).ConfigureAwait(false);
            console.Line($"{(parse.GetValue(newKey) ? "New directory key" : "Directory key")} certified until {notAfter:u} ({home.DirectoryKeyCertificatePath}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CertifyBrokerKey(GlobalOptions global, CliConsole console)
    {
        var days = new Option<double>("--days")
        {
            Description = "Lifetime of the broker receipt key's certificate in days (at most 399.9)",
            DefaultValueFactory = _ => GovernanceFiles.DefaultBrokerKeyLifetime.TotalDays,
        };
        var newKey = new Option<bool>("--new-key") { Description = "Generate a new receipt key and certify it (restart the broker to use it)" };
        var command = new Command("certify-broker-key", "Certify the broker's receipt key with the governance root (nodes verify every receipt against it)")
        {
            days, newKey,
        };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var notAfter = await GovernanceFiles.CertifyBrokerKeyAsync(
                home, global.PassphraseOf(parse), TimeSpan.FromDays(parse.GetValue(days)), parse.GetValue(newKey), cancellationToken).ConfigureAwait(false);
            console.Line($"{(parse.GetValue(newKey) ? "New broker receipt key" : "Broker receipt key")} certified until {notAfter:u} ({home.ReceiptKeyCertificatePath}).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
