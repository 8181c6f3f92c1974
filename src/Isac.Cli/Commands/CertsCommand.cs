using System.CommandLine;
using Isac.Cli.Home;
using Isac.Core.Pki;
using Spectre.Console;

namespace Isac.Cli.Commands;

/// <summary><c>isac certs dev</c> and <c>isac certs issue</c>: the development PKI (hub CA, broker and member certificates).</summary>
internal static class CertsCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var certs = new Command("certs", "Development X.509 certificates for mTLS (never for production)");
        certs.Subcommands.Add(Dev(global, console));
        certs.Subcommands.Add(Issue(global, console));
        return certs;
    }

    private static Command Dev(GlobalOptions global, CliConsole console)
    {
        var members = new Option<string[]>("--member")
        {
            Description = "Also issue a client certificate for this member id (repeatable)",
            HelpName = "ID",
            AllowMultipleArgumentsPerToken = false,
        };
        var dnsNames = new Option<string[]>("--dns") { Description = "An extra DNS name in the broker's and the identity service's certificates (repeatable; localhost and 127.0.0.1 are always in)", HelpName = "NAME" };
        var force = new Option<bool>("--force") { Description = "Replace an existing hub CA (every certificate it issued stops working)" };
        var command = new Command("dev", "Create a hub CA, the broker's and the identity service's server certificates and member client certificates (keys encrypted with the passphrase)")
        {
            members, dnsNames, force,
        };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            if (!parse.GetValue(force) && (File.Exists(home.HubCaCertificatePath) || File.Exists(home.HubCaKeyPath)))
            {
                throw new CliException($"a hub CA already exists in {home.Certificates}; pass --force to replace it (every certificate it issued stops working), or --certs DIR to write elsewhere");
            }

            var passphrase = global.PassphraseOf(parse);
            DevCertificateSet set;
            try
            {
                set = await DevCertificates.WriteAsync(
                    home.Certificates, parse.GetValue(members) ?? [], passphrase, parse.GetValue(dnsNames), parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message, e);
            }

            var table = new Table().AddColumns("certificate", "file");
            table.AddRow("hub CA", Markup.Escape(set.HubCa.CertificatePath));
            table.AddRow("broker", Markup.Escape(set.Broker.CertificatePath));
            table.AddRow("identity service", Markup.Escape(set.Identity.CertificatePath));
            foreach (var (memberId, files) in set.Members)
            {
                table.AddRow(Markup.Escape("member " + memberId), Markup.Escape(files.CertificatePath));
            }

            console.Out.Write(table);
            console.Line($"Wrote the dev PKI into {set.Directory} (keys beside each certificate, encrypted).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Issue(GlobalOptions global, CliConsole console)
    {
        var member = CliOptions.MemberId();
        var force = new Option<bool>("--force") { Description = "Replace the member's existing certificate" };
        var command = new Command("issue", "Issue one more member client certificate from the dev hub CA") { member, force };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var memberId = parse.GetRequiredValue(member);
            var passphrase = global.PassphraseOf(parse);
            GovernanceFiles.RequireFile(home.HubCaKeyPath, "the dev hub CA", "isac certs dev");
            var certificatePath = home.ClientCertificatePath(memberId);
            if (File.Exists(certificatePath) && !parse.GetValue(force))
            {
                throw new CliException($"member {memberId} already has a certificate ({certificatePath}); pass --force to replace it");
            }

            using var ca = await HubCertificateAuthority.LoadAsync(home.HubCaCertificatePath, home.HubCaKeyPath, passphrase, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var certificate = ca.IssueMemberCertificate(memberId);
            await PemFiles.WriteCertificateAndKeyAsync(certificate, certificatePath, home.ClientKeyPath(memberId), passphrase, cancellationToken).ConfigureAwait(false);
            console.Line($"Issued the client certificate of {memberId}: {certificatePath}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
