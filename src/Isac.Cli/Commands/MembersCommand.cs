using System.CommandLine;
using System.CommandLine.Parsing;
using Isac.Cli.Home;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Spectre.Console;

namespace Isac.Cli.Commands;

/// <summary><c>isac members add/list/revoke</c>: root-signed member cards in the roster the broker reads.</summary>
internal static class MembersCommand
{
    private static readonly (string Name, Role Role)[] RoleNames =
    [
        ("cert", Role.Cert), ("election-office", Role.ElectionOffice), ("vendor", Role.Vendor), ("agency", Role.Agency),
    ];

    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var members = new Command("members", "Enrol, list and revoke members (the roster of root-signed cards)");
        members.Subcommands.Add(Add(global, console));
        members.Subcommands.Add(List(global, console));
        members.Subcommands.Add(Revoke(global, console));
        return members;
    }

    /// <summary>The text of a role, as the roles option spells it.</summary>
    public static string RoleName(Role role) => RoleNames.First(r => r.Role == role).Name;

    private static Command Add(GlobalOptions global, CliConsole console)
    {
        var member = CliOptions.MemberId();
        var organization = new Option<string>("--org") { Description = "The member's organization (AMBER+STRICT stays inside it)", Required = true, HelpName = "NAME" };
        var roles = new Option<Role[]>("--role")
        {
            Description = "A role: cert, election-office, vendor or agency (repeatable; rights are the union)",
            Required = true,
            HelpName = "ROLE",
            CustomParser = ParseRoles,
        };
        var clearance = CliOptions.Tlp("--clearance", "The highest label the member may receive", required: true);
        var communities = IdList("--community", "A community the member belongs to, e.g. election-sector or state:ohio (repeatable)");
        var clients = IdList("--client", "A member id to which this member may re-share TLP:AMBER (repeatable)");
        var contacts = new Option<string[]>("--contact") { Description = "A contact (e-mail, phone; repeatable)", HelpName = "TEXT" };
        var days = new Option<int>("--days") { Description = "How many days the card is valid", DefaultValueFactory = _ => 365 };
        var replace = new Option<bool>("--replace") { Description = "Sign a new card for a member already in the roster (new keys, roles, ...)" };
        var command = new Command("add", "Sign the member's card (its public keys from `isac keys new`) with the governance root and add it to the roster")
        {
            member, organization, roles, clearance, communities, clients, contacts, days, replace,
        };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var memberId = parse.GetRequiredValue(member);
            if (parse.GetValue(days) is < 1 or > 3650)
            {
                throw new CliException("--days must be between 1 and 3650");
            }

            var keys = MemberKeyFiles.ReadPublicKeys(home, memberId);
            var root = GovernanceFiles.LoadRoot(home, global.PassphraseOf(parse));
            var now = DateTimeOffset.UtcNow;
            var spec = new Member(
                memberId,
                parse.GetRequiredValue(organization),
                parse.GetRequiredValue(roles).ToHashSet(),
                parse.GetRequiredValue(clearance),
                (parse.GetValue(communities) ?? []).ToHashSet(StringComparer.Ordinal),
                (parse.GetValue(clients) ?? []).ToHashSet(StringComparer.Ordinal),
                keys.Signing,
                keys.Encryption,
                now.AddMinutes(-5),
                now.AddDays(parse.GetValue(days)));
            await Roster.AddAsync(home, root, spec, parse.GetValue(contacts) ?? [], parse.GetValue(replace), cancellationToken).ConfigureAwait(false);
            console.Line($"Signed the card of {memberId} ({TlpLabels.ToLabelString(spec.Clearance)} clearance) into {home.RosterPath}; a running broker issues a new directory snapshot within seconds.");
            return ExitCodes.Ok;
        });
        return command;
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
                    Markup.Escape(m is null ? "?" : string.Join(", ", m.Roles.Order().Select(RoleName))),
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

    private static Option<string[]> IdList(string name, string description)
    {
        var option = new Option<string[]>(name) { Description = description, HelpName = "ID" };
        option.Validators.Add(result =>
        {
            foreach (var id in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!MemberCards.IsValidId(id))
                {
                    result.AddError($"{name} '{id}' is not a valid id: use [a-z0-9][a-z0-9.:-]{{0,63}} (lower case)");
                }
            }
        });
        return option;
    }

    private static Role[] ParseRoles(ArgumentResult result)
    {
        var roles = new List<Role>();
        foreach (var token in result.Tokens)
        {
            var match = RoleNames.FirstOrDefault(r => string.Equals(r.Name, token.Value, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
            {
                result.AddError($"--role '{token.Value}' is not a role; expected cert, election-office, vendor or agency");
                continue;
            }

            roles.Add(match.Role);
        }

        return [.. roles];
    }
}
