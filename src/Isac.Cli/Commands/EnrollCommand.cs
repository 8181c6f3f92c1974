using System.CommandLine;
using System.Security.Cryptography;
using Isac.Cli.Home;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Pki;

namespace Isac.Cli.Commands;

/// <summary>
/// <c>isac enroll request</c>: a prospective member creates its keys (encrypted with the passphrase), a signing
/// request for its client certificate and a card request, and reads the printed fingerprint to the hub out of band.
/// </summary>
internal static class EnrollCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var enroll = new Command("enroll", "Join the hub: request a card and a client certificate (the hub runs `isac members approve`)");
        var card = new CardOptions();
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the request (default: members/<id>/enrollment-request.pem in the home folder)", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Replace the member's existing keys and request" };
        var request = new Command("request", "Create the member's signing, encryption and client-certificate keys, a CSR and a card request; print the fingerprint to confirm by phone")
        {
            output, force,
        };
        card.AddTo(request);
        CommandAction.Set(request, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var memberId = parse.GetRequiredValue(card.Member);
            var passphrase = global.PassphraseOf(parse);
            var path = parse.GetValue(output)?.FullName ?? home.EnrollmentRequestPath(memberId);
            var replace = parse.GetValue(force);
            if (!replace && File.Exists(home.ClientKeyPath(memberId)))
            {
                throw new CliException($"member {memberId} already has a client key ({home.ClientKeyPath(memberId)}); pass --force to replace it");
            }

            var keys = await MemberKeyFiles.CreateAsync(home, memberId, passphrase, replace, cancellationToken).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            var member = card.ToMember(parse, keys, now.AddMinutes(-5), now.AddDays(365));
            EnrollmentRequest enrollment;
            using (var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            {
                try
                {
                    enrollment = EnrollmentRequest.Create(MemberCards.ToCard(member, card.ContactsOf(parse)), clientKey);
                }
                catch (ArgumentException e)
                {
                    throw new CliException(e.Message, e);
                }

                Directory.CreateDirectory(home.Certificates);
                await PemFiles.WriteKeyAsync(clientKey, home.ClientKeyPath(memberId), passphrase, cancellationToken).ConfigureAwait(false);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, enrollment.ToPem(), cancellationToken).ConfigureAwait(false);
            console.Line($"Enrollment request of {memberId} ({TlpLabels.ToLabelString(member.Clearance)} clearance): {path}");
            console.Line($"Keys in {home.MemberDirectory(memberId)}; client certificate key {home.ClientKeyPath(memberId)} (all encrypted).");
            console.Line($"Fingerprint: {enrollment.Fingerprint}");
            console.Line("Read the fingerprint to the hub by phone; it approves with `isac members approve REQUEST --fingerprint FP --approver NAME`.");
            return ExitCodes.Ok;
        });
        enroll.Subcommands.Add(request);
        return enroll;
    }
}
