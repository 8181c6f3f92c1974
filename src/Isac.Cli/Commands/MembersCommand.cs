using System.CommandLine;
using Isac.Cli.Home;
using Isac.Core.Labels;
using Spectre.Console;

namespace Isac.Cli.Commands;

/// <summary><c>isac members add/approve/list/revoke</c>: root-signed member cards in the roster the broker reads.</summary>
internal static class MembersCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var members = new Command("members", "Enrol, approve, list and revoke members (the roster of root-signed cards)");
        members.Subcommands.Add(Add(global, console));
        members.Subcommands.Add(MembersApproval.Create(global, console));
        members.Subcommands.Add(List(global, console));
        members.Subcommands.Add(Revoke(global, console));
        return members;
    }

    private static Command Add(GlobalOptions global, CliConsole console)
    {
        var card = new CardOptions();
        var days = CardDays();
        var replace = new Option<bool>("--replace") { Description = "Sign a new card for a member already in the roster (new keys, roles, ...)" };
        var command = new Command("add", "Sign the member's card (its public keys from `isac keys new`) with the governance root and add it to the roster")
        {
            days, replace,
        };
        card.AddTo(command);
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var memberId = parse.GetRequiredValue(card.Member);
            var keys = MemberKeyFiles.ReadPublicKeys(home, memberId);
            var root = GovernanceFiles.LoadRoot(home, global.PassphraseOf(parse));
            var now = DateTimeOffset.UtcNow;
            var spec = card.ToMember(parse, keys, now.AddMinutes(-5), now.AddDays(parse.GetValue(days)));
            await Roster.AddAsync(home, root, spec, card.ContactsOf(parse), parse.GetValue(replace), cancellationToken).ConfigureAwait(false);
            console.Line($"Signed the card of {memberId} ({TlpLabels.ToLabelString(spec.Clearance)} clearance) into {home.RosterPath}; a running broker issues a new directory snapshot within seconds.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The <c>--days</c> option: how long a card is valid (1 to 3650 days).</summary>
    internal static Option<int> CardDays()
    {
        var days = new Option<int>("--days") { Description = "How many days the card is valid (1 to 3650)", DefaultValueFactory = _ => 365 };
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3650)
            {
                result.AddError("--days must be between 1 and 3650");
            }
        });
        return days;
    }

    private static Command List(GlobalOptions global, CliConsole console)
    {
        var command = new Command("list", "List the roster's cards, checked against the governance root");
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var entries = await Roster.ListAsync(global.HomeOf(parse), cancellationToken).ConfigureAwait(false);
            var table = new Table().AddColumns("member", "organization", "roles", "clearance", "communities", "clients", "valid until", "status");
            foreach (var entry in entries)
            {
                var m = entry.Member;
                var status = !entry.SignatureValid ? "[red]BAD SIGNATURE[/]"
                    : m is null ? "[red]invalid card[/]"
                    : entry.Revocation is not null ? $"[red]revoked: {Markup.Escape(entry.Revocation)}[/]"
                    : m.NotAfter < DateTimeOffset.UtcNow ? "[yellow]expired[/]"
                    : "[green]active[/]";
                table.AddRow(
                    Markup.Escape(entry.MemberId),
                    Markup.Escape(m?.Organization ?? "?"),
                    Markup.Escape(m is null ? "?" : string.Join(", ", m.Roles.Order().Select(CardOptions.RoleName))),
                    m is null ? "?" : TlpStyles.Markup(m.Clearance),
                    Markup.Escape(m is null ? "?" : string.Join(", ", m.Communities.Order(StringComparer.Ordinal))),
                    Markup.Escape(m is null ? "?" : string.Join(", ", m.Clients.Order(StringComparer.Ordinal))),
                    m is null ? "?" : m.NotAfter.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    status);
            }

            console.Out.Write(table);
            console.Line($"{entries.Count} member(s).");
            return entries.All(e => e.SignatureValid && e.Member is not null) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static Command Revoke(GlobalOptions global, CliConsole console)
    {
        var member = CliOptions.MemberId();
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the directory)", DefaultValueFactory = _ => "revoked by governance", HelpName = "TEXT" };
        var command = new Command("revoke", "Revoke every key of a member (the broker cuts it off at its next roster read)") { member, reason };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var memberId = parse.GetRequiredValue(member);
            await Roster.RevokeAsync(global.HomeOf(parse), memberId, parse.GetValue(reason) ?? "revoked", cancellationToken).ConfigureAwait(false);
            console.Line($"Revoked {memberId}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
