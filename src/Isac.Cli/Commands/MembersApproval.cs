using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Isac.Cli.Home;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Pki;

namespace Isac.Cli.Commands;

/// <summary>
/// <c>isac members approve REQUEST</c>: checks an enrollment request against the fingerprint confirmed out of band
/// and its approvers (two distinct people for AMBER or above), then signs its card with the governance root, has
/// the hub CA issue its client certificate from its signing request, adds the card to the roster and logs who
/// approved. A running broker issues the new directory snapshot at its next roster read: no restart.
/// </summary>
internal static class MembersApproval
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var request = new Argument<FileInfo>("REQUEST") { Description = "The enrollment request file written by `isac enroll request`" };
        var fingerprint = new Option<string>("--fingerprint")
        {
            Description = "The fingerprint the requester read out (phone, in person); compared with the request's own",
            Required = true,
            HelpName = "FP",
        };
        var approvers = new Option<string[]>("--approver")
        {
            Description = "Who approves (repeatable); a clearance of AMBER or above needs two distinct approvers",
            Required = true,
            HelpName = "NAME",
        };
        var days = MembersCommand.CardDays();
        var command = new Command("approve", "Approve an enrollment request: sign its card, issue its client certificate from its CSR, add it to the roster")
        {
            request, fingerprint, approvers, days,
        };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var file = parse.GetRequiredValue(request);
            var enrollment = await ReadRequestAsync(file, cancellationToken).ConfigureAwait(false);
            if (!enrollment.FingerprintMatches(parse.GetRequiredValue(fingerprint)))
            {
                throw new CliException($"fingerprint mismatch: {file.FullName} is not the request whose fingerprint was confirmed out of band; nothing was signed (confirm with the requester again)");
            }

            var card = ReadCard(enrollment);
            var memberId = card.MemberId;
            var clearance = (Tlp)card.Clearance;
            var names = Approvers(parse.GetRequiredValue(approvers));
            if (clearance >= Tlp.Amber && names.Count < 2)
            {
                throw new CliException($"a clearance of {TlpLabels.ToLabelString(clearance)} needs two distinct approvers (--approver A --approver B); given: {string.Join(", ", names)}");
            }

            var csrMember = ReadCsrMember(enrollment);
            if (csrMember != memberId)
            {
                throw new CliException($"the certificate signing request names member '{csrMember}', but the card requests '{memberId}'");
            }

            var (existing, revoked) = await Roster.FindAsync(home, memberId, cancellationToken).ConfigureAwait(false);
            if (revoked)
            {
                throw new CliException($"member {memberId} is revoked; enrol it under a new member id");
            }

            if (existing is not null)
            {
                throw new CliException($"member {memberId} is already in the roster; to change its card use `isac members add --replace` or `isac keys rotate`");
            }

            var passphrase = global.PassphraseOf(parse);
            var root = GovernanceFiles.LoadRoot(home, passphrase);
            GovernanceFiles.RequireFile(home.HubCaKeyPath, "the hub CA", "isac certs dev");
            using var ca = await HubCertificateAuthority.LoadAsync(home.HubCaCertificatePath, home.HubCaKeyPath, passphrase, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var certificate = Issue(ca, memberId, enrollment);
            var now = DateTimeOffset.UtcNow;
            var member = MemberCards.ToMember(card) with { NotBefore = now.AddMinutes(-5), NotAfter = now.AddDays(parse.GetValue(days)) };

            // The certificate first: once the card is in the roster the member is live and its node needs it.
            await PemFiles.WriteCertificateAsync(certificate, home.ClientCertificatePath(memberId), cancellationToken).ConfigureAwait(false);
            await Roster.AddAsync(home, root, member, card.Contacts, replace: false, cancellationToken).ConfigureAwait(false);
            await File.AppendAllTextAsync(
                home.ApprovalsLogPath,
                string.Create(CultureInfo.InvariantCulture, $"{now:yyyy-MM-ddTHH:mm:ssZ}\tapproved\t{memberId}\t{TlpLabels.ToLabelString(clearance)}\tfingerprint={enrollment.Fingerprint}\tapprovers={string.Join(",", names)}\n"),
                cancellationToken).ConfigureAwait(false);

            console.Line($"Approved {memberId} ({TlpLabels.ToLabelString(clearance)} clearance) by {string.Join(" and ", names)}: card signed into {home.RosterPath}, approval logged in {home.ApprovalsLogPath}.");
            console.Line($"Client certificate: {home.ClientCertificatePath(memberId)}. A running broker issues a new directory snapshot within seconds.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<EnrollmentRequest> ReadRequestAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliException($"the enrollment request {file.FullName} does not exist");
        }

        try
        {
            return EnrollmentRequest.ParsePem(await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false));
        }
        catch (FormatException e)
        {
            throw new CliException($"{file.FullName} is not an enrollment request: {e.Message}", e);
        }
    }

    private static V1.MemberCard ReadCard(EnrollmentRequest enrollment)
    {
        try
        {
            return enrollment.ReadCard();
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message, e);
        }
    }

    private static string ReadCsrMember(EnrollmentRequest enrollment)
    {
        try
        {
            return enrollment.ReadCsrMemberId();
        }
        catch (CryptographicException e)
        {
            throw new CliException($"the certificate signing request is malformed or its signature does not verify: {e.Message}", e);
        }
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 Issue(HubCertificateAuthority ca, string memberId, EnrollmentRequest enrollment)
    {
        try
        {
            return ca.IssueMemberCertificateFromCsr(memberId, enrollment.CertificateSigningRequest.Span);
        }
        catch (CryptographicException e)
        {
            throw new CliException($"the hub CA refused the certificate signing request: {e.Message}", e);
        }
    }

    private static List<string> Approvers(string[] given)
    {
        var names = new List<string>();
        foreach (var name in given.Select(n => n.Trim()))
        {
            if (name.Length == 0)
            {
                throw new CliException("--approver must not be empty");
            }

            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }

        return names;
    }
}
