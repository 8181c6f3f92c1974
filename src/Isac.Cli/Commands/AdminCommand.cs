using System.CommandLine;
using Google.Protobuf;
using Isac.Cli.Hosting;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Tokens;
using Isac.V1;
using Spectre.Console;

namespace Isac.Cli.Commands;

/// <summary>
/// <c>isac admin list/approve/rotate/revoke --broker URL</c>: the broker's membership admin API (docs/admin.md),
/// called as an admin member with its client certificate and an access token that carries <c>isac.admin</c>, which
/// the command obtains from the identity service (<c>--identity</c>) with that certificate.
/// Approve and rotate send a card the governance root already signed offline (into a roster file with
/// <c>isac members add</c>, <c>isac members approve</c> or <c>isac keys rotate</c>): the root never leaves this machine.
/// </summary>
internal static class AdminCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var options = new Shared();
        var admin = new Command("admin", "Membership administration through a running broker's admin API (needs an isac.admin token)");
        admin.Subcommands.Add(List(global, console, options));
        admin.Subcommands.Add(SendCard(global, console, options, "approve", "Add a new member: send its root-signed card from an offline roster to the broker"));
        admin.Subcommands.Add(SendCard(global, console, options, "rotate", "Replace a member's card by its new root-signed card (new keys) from an offline roster"));
        admin.Subcommands.Add(Revoke(global, console, options));
        return admin;
    }

    private static Command List(GlobalOptions global, CliConsole console, Shared options)
    {
        var command = new Command("list", "List every card in the broker's roster with its status, and the current directory version");
        options.AddTo(command);
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            using var broker = options.Connect(global, parse);
            var response = await broker.Admin.ListMembersAsync(new ListMembersRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
            var table = new Table().AddColumns("member", "status", "organization", "clearance", "signing key", "encryption key", "detail");
            foreach (var m in response.Members)
            {
                table.AddRow(
                    Markup.Escape(m.MemberId),
                    Markup.Escape(StatusName(m.Status)),
                    Markup.Escape(m.Organization),
                    Markup.Escape(TlpLabels.TryFromWire(m.Clearance, out var clearance) ? TlpLabels.ToLabelString(clearance) : m.Clearance.ToString()),
                    Convert.ToHexStringLower(m.SigningKeyId.Span),
                    Convert.ToHexStringLower(m.EncryptionKeyId.Span),
                    Markup.Escape(m.StatusDetail));
            }

            console.Out.Write(table);
            console.Line($"{response.Members.Count} member(s); directory version {response.DirectoryVersion}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SendCard(GlobalOptions global, CliConsole console, Shared options, string verb, string description)
    {
        var target = CliOptions.Id("--target", "The member whose card to send", required: true);
        var roster = new Option<FileInfo?>("--roster") { Description = "The offline roster holding the root-signed card (default: the home folder's roster)", HelpName = "FILE" };
        var command = new Command(verb, description) { target, roster };
        options.AddTo(command);
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var memberId = parse.GetRequiredValue(target);
            var path = parse.GetValue(roster)?.FullName ?? global.HomeOf(parse).RosterPath;
            if (!File.Exists(path))
            {
                throw new CliException($"the roster {path} does not exist");
            }

            var offline = await RosterFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            var card = offline.Cards.FirstOrDefault(c => CardMemberId(c) == memberId)
                ?? throw new CliException($"the roster {path} holds no card of '{memberId}': sign it first (isac members add / approve, isac keys rotate)");
            using var broker = options.Connect(global, parse);
            var change = verb == "approve"
                ? await broker.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = card }, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await broker.Admin.RotateMemberAsync(new RotateMemberRequest { Card = card }, cancellationToken: cancellationToken).ConfigureAwait(false);
            console.Line($"{(verb == "approve" ? "Approved" : "Rotated")} {change.MemberId}: directory version {change.DirectoryVersion} (audit {change.AuditPosition?.BrokerId} #{change.AuditPosition?.Sequence}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(GlobalOptions global, CliConsole console, Shared options)
    {
        var target = CliOptions.Id("--target", "The member to revoke", required: true);
        var keyId = new Option<string?>("--key-id") { Description = "Revoke only this key (32 hex characters, one of the member's current key ids)", HelpName = "HEX" };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the directory)", Required = true, HelpName = "TEXT" };
        var command = new Command("revoke", "Revoke every key of a member, or one key; the broker cuts it off at once") { target, keyId, reason };
        options.AddTo(command);
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var request = new RevokeMemberRequest { MemberId = parse.GetRequiredValue(target), Reason = parse.GetRequiredValue(reason) };
            if (parse.GetValue(keyId) is { Length: > 0 } hex)
            {
                try
                {
                    request.KeyId = ByteString.CopyFrom(Convert.FromHexString(hex));
                }
                catch (FormatException e)
                {
                    throw new CliException($"--key-id '{hex}' is not hex", e);
                }
            }

            using var broker = options.Connect(global, parse);
            var change = await broker.Admin.RevokeMemberAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            console.Line($"Revoked {change.MemberId}: directory version {change.DirectoryVersion} (audit {change.AuditPosition?.BrokerId} #{change.AuditPosition?.Sequence}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string? CardMemberId(SignedMemberCard card)
    {
        try
        {
            return MemberCard.Parser.ParseFrom(card.Card).MemberId;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static string StatusName(MemberStatus status) => status switch
    {
        MemberStatus.Active => "active",
        MemberStatus.Revoked => "revoked",
        MemberStatus.Expired => "expired",
        MemberStatus.NotYetValid => "not yet valid",
        MemberStatus.Invalid => "INVALID",
        _ => "unknown",
    };

    /// <summary>The options every admin verb takes: the broker, the admin member and the identity service.</summary>
    private sealed class Shared
    {
        public Option<Uri> Broker { get; } = new("--broker")
        {
            Description = "The broker's address, e.g. https://127.0.0.1:7443",
            Required = true,
            HelpName = "URL",
            CustomParser = result => CliOptions.ParseUri(result, "--broker", "https"),
        };

        public Option<string> As { get; } = CliOptions.Id("--as", "The admin member whose client certificate (in the certs folder) makes the call", required: true);

        public Option<Uri> Identity { get; } = CliOptions.Identity();

        public void AddTo(Command command)
        {
            command.Options.Add(Broker);
            command.Options.Add(As);
            command.Options.Add(Identity);
        }

        // Only isac.admin: the admin verbs need nothing else, so the token can do nothing else.
        public BrokerConnection Connect(GlobalOptions global, ParseResult parse) =>
            BrokerConnection.Open(global.HomeOf(parse), parse.GetRequiredValue(As), global.PassphraseOf(parse), parse.GetRequiredValue(Broker), parse.GetRequiredValue(Identity), IsacScopes.Admin);
    }
}
