using System.Buffers.Text;
using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Isac.Cli.Home;
using Isac.Core.Labels;
using Isac.Core.Pki;
using Isac.Node.Taxii;
using Spectre.Console;

namespace Isac.Cli.Commands;

/// <summary>
/// <c>isac taxii cert</c> and <c>isac taxii user add|list|remove</c>: what a member's node needs to serve TAXII 2.1
/// to the member's own tools (<c>isac node run --member ID --taxii-port N</c>).
/// </summary>
internal static class TaxiiCommand
{
    /// <summary>What a new user may read unless <c>--read</c> says otherwise: everything but TLP:RED.</summary>
    private static readonly Tlp[] DefaultRead = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict];

    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var taxii = new Command("taxii", "The node's TAXII 2.1 server for the member's own tools (MISP, OpenCTI, taxii2-client)");
        taxii.Subcommands.Add(Cert(global, console));
        var user = new Command("user", "Local TAXII users of a member's node (password or token hashes in the home folder)");
        user.Subcommands.Add(Add(global, console));
        user.Subcommands.Add(List(global, console));
        user.Subcommands.Add(Remove(global, console));
        taxii.Subcommands.Add(user);
        return taxii;
    }

    private static Command Cert(GlobalOptions global, CliConsole console)
    {
        var member = CliOptions.MemberId("The member whose node serves TAXII");
        var dnsNames = new Option<string[]>("--dns") { Description = "An extra DNS name in the certificate (repeatable; localhost, 127.0.0.1 and ::1 are always in)", HelpName = "NAME" };
        var force = new Option<bool>("--force") { Description = "Replace the node's existing TAXII certificate" };
        var command = new Command("cert", "Issue the node's TAXII server certificate from the dev hub CA (key encrypted with the passphrase)") { member, dnsNames, force };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var memberId = parse.GetRequiredValue(member);
            var passphrase = global.PassphraseOf(parse);
            GovernanceFiles.RequireFile(home.HubCaKeyPath, "the dev hub CA", "isac certs dev");
            var certificatePath = home.TaxiiCertificatePath(memberId);
            if (File.Exists(certificatePath) && !parse.GetValue(force))
            {
                throw new CliException($"the node of {memberId} already has a TAXII certificate ({certificatePath}); pass --force to replace it");
            }

            using var ca = await HubCertificateAuthority.LoadAsync(home.HubCaCertificatePath, home.HubCaKeyPath, passphrase, cancellationToken: cancellationToken).ConfigureAwait(false);
            X509Certificate2 certificate;
            try
            {
                certificate = ca.IssueServerCertificate($"isac-taxii {memberId}", parse.GetValue(dnsNames));
            }
            catch (ArgumentException e)
            {
                throw new CliException($"--dns: {e.Message}", e);
            }

            using (certificate)
            {
                await PemFiles.WriteCertificateAndKeyAsync(certificate, certificatePath, home.TaxiiKeyPath(memberId), passphrase, cancellationToken).ConfigureAwait(false);
            }

            console.Line($"Issued the TAXII server certificate of {memberId}'s node: {certificatePath}");
            console.Line($"Clients verify it with the hub CA certificate {home.HubCaCertificatePath}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(GlobalOptions global, CliConsole console)
    {
        var member = CliOptions.MemberId("The member whose node the user belongs to");
        var user = UserName();
        var read = new Option<string[]>("--read")
        {
            Description = "A label whose collection the user may read (repeatable; default CLEAR, GREEN, AMBER and AMBER+STRICT; RED only when named)",
            HelpName = "LABEL",
        };
        read.Validators.Add(result =>
        {
            foreach (var label in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!TlpLabels.TryParse(label, out _))
                {
                    result.AddError($"--read '{label}' is not a TLP label (CLEAR, GREEN, AMBER, AMBER+STRICT or RED)");
                }
            }
        });
        var writeOutbox = new Option<bool>("--write-outbox") { Description = "Let the user POST to the outbox collection (publish as this member)" };
        var token = new Option<bool>("--token") { Description = "Generate a bearer token instead of a password" };
        var force = new Option<bool>("--force") { Description = "Replace an existing user of that name (its old secret stops working once the node restarts)" };
        var command = new Command("add", "Add a local TAXII user with a generated password (or --token), printed once; only its hash is stored")
        {
            member, user, read, writeOutbox, token, force,
        };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var (memberId, name, path, users) = await ReadUsersAsync(global, parse, member, user, cancellationToken).ConfigureAwait(false);
            var existing = users.FindIndex(u => string.Equals(u.Name, name, StringComparison.Ordinal));
            if (existing >= 0 && !parse.GetValue(force))
            {
                throw new CliException($"the node of {memberId} already has a TAXII user '{name}' ({path}); pass --force to replace it with a new secret");
            }

            var labels = parse.GetValue(read) is { Length: > 0 } named ? named.Select(TlpLabels.Parse).Distinct().Order().ToArray() : DefaultRead;
            var readLabels = labels.Select(TlpLabels.ToLabelString).ToList();
            var useToken = parse.GetValue(token);
            // Base64url: no ':' (HTTP basic splits on it) and nothing a shell or a YAML file needs quoted.
            var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(useToken ? 32 : 24));
            var entry = new TaxiiUserEntry(
                name,
                useToken ? null : TaxiiPasswordHash.Create(secret),
                useToken ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))) : null,
                readLabels,
                parse.GetValue(writeOutbox));
            if (existing >= 0)
            {
                users[existing] = entry;
            }
            else
            {
                users.Add(entry);
            }

            await TaxiiUserFile.WriteAsync(path, users, cancellationToken).ConfigureAwait(false);
            console.Line($"{(existing >= 0 ? "Replaced" : "Added")} TAXII user '{name}' of {memberId}'s node (reads {string.Join(", ", readLabels)}{(entry.WriteOutbox ? "; writes the outbox" : string.Empty)}); stored in {path}.");
            console.Line(useToken
                ? "Bearer token (shown once, only its SHA-256 is stored; send it as 'Authorization: Bearer TOKEN'):"
                : "Password (shown once, only its PBKDF2 hash is stored; use HTTP basic with the user name above):");
            console.Line($"  {secret}");
            console.Line($"Start or restart the node with `isac node run --member {memberId} --taxii-port {Node.Configuration.TaxiiOptions.DefaultPort}` to use it.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(GlobalOptions global, CliConsole console)
    {
        var member = CliOptions.MemberId("The member whose node's users to list");
        var command = new Command("list", "List the local TAXII users of a member's node (never their secrets)") { member };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var memberId = parse.GetRequiredValue(member);
            var users = await TaxiiUserFile.ReadAsync(home.TaxiiUsersPath(memberId), cancellationToken).ConfigureAwait(false);
            var table = new Table().AddColumns("user", "credential", "reads", "writes outbox");
            foreach (var entry in users)
            {
                table.AddRow(
                    Markup.Escape(entry.Name),
                    entry.PasswordHash is not null ? "password" : "bearer token",
                    Markup.Escape(string.Join(", ", entry.Read)),
                    entry.WriteOutbox ? "yes" : "no");
            }

            console.Out.Write(table);
            console.Line($"{users.Count} TAXII user(s) of {memberId}'s node.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(GlobalOptions global, CliConsole console)
    {
        var member = CliOptions.MemberId("The member whose node the user belongs to");
        var user = UserName();
        var command = new Command("remove", "Remove a local TAXII user (effective when the node restarts)") { member, user };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var (memberId, name, path, users) = await ReadUsersAsync(global, parse, member, user, cancellationToken).ConfigureAwait(false);
            if (users.RemoveAll(u => string.Equals(u.Name, name, StringComparison.Ordinal)) == 0)
            {
                throw new CliException($"the node of {memberId} has no TAXII user '{name}' ({path}); `isac taxii user list --member {memberId}` shows them");
            }

            await TaxiiUserFile.WriteAsync(path, users, cancellationToken).ConfigureAwait(false);
            console.Line($"Removed TAXII user '{name}' of {memberId}'s node; restart the node for it to take effect.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The member, the user name and the member's users file and users (empty when there is no file yet).</summary>
    private static async Task<(string MemberId, string Name, string Path, List<TaxiiUserEntry> Users)> ReadUsersAsync(
        GlobalOptions global, ParseResult parse, Option<string> member, Option<string> user, CancellationToken cancellationToken)
    {
        var memberId = parse.GetRequiredValue(member);
        var path = global.HomeOf(parse).TaxiiUsersPath(memberId);
        var users = await TaxiiUserFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return (memberId, parse.GetRequiredValue(user), path, users.ToList());
    }

    private static Option<string> UserName()
    {
        var option = new Option<string>("--user") { Description = "The TAXII user name (letters, digits, '.', '_', '@', '-'; at most 64)", Required = true, HelpName = "NAME" };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && (value.Length is 0 or > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-')))
            {
                result.AddError($"--user '{value}' is not a valid user name: use letters, digits, '.', '_', '@' or '-' (1 to 64)");
            }
        });
        return option;
    }
}
