using System.CommandLine;
using System.CommandLine.Parsing;
using Isac.Core.Labels;
using Isac.Core.Membership;

namespace Isac.Cli.Commands;

/// <summary>
/// The options that describe a member card (<c>isac members add</c> and <c>isac enroll request</c>): id, organization,
/// roles, clearance, communities, clients and contacts.
/// </summary>
internal sealed class CardOptions
{
    private static readonly (string Name, Role Role)[] RoleNames =
    [
        ("cert", Role.Cert), ("election-office", Role.ElectionOffice), ("vendor", Role.Vendor), ("agency", Role.Agency),
    ];

    public Option<string> Member { get; } = CliOptions.MemberId();

    public Option<string> Organization { get; } = new("--org") { Description = "The member's organization (AMBER+STRICT stays inside it)", Required = true, HelpName = "NAME" };

    public Option<Role[]> Roles { get; } = new("--role")
    {
        Description = "A role: cert, election-office, vendor or agency (repeatable; rights are the union)",
        Required = true,
        HelpName = "ROLE",
        CustomParser = ParseRoles,
    };

    public Option<Tlp> Clearance { get; } = CliOptions.Tlp("--clearance", "The highest label the member may receive", required: true);

    public Option<string[]> Communities { get; } = IdList("--community", "A community the member belongs to, e.g. election-sector or state:ohio (repeatable)");

    public Option<string[]> Clients { get; } = IdList("--client", "A member id to which this member may re-share TLP:AMBER (repeatable)");

    public Option<string[]> Contacts { get; } = new("--contact") { Description = "A contact (e-mail, phone; repeatable)", HelpName = "TEXT" };

    /// <summary>The text of a role, as the roles option spells it.</summary>
    public static string RoleName(Role role) => RoleNames.First(r => r.Role == role).Name;

    public void AddTo(Command command)
    {
        command.Options.Add(Member);
        command.Options.Add(Organization);
        command.Options.Add(Roles);
        command.Options.Add(Clearance);
        command.Options.Add(Communities);
        command.Options.Add(Clients);
        command.Options.Add(Contacts);
    }

    /// <summary>The member the options describe, with <paramref name="keys"/> and the given validity.</summary>
    public Member ToMember(ParseResult parse, Home.MemberPublicKeys keys, DateTimeOffset notBefore, DateTimeOffset notAfter) => new(
        parse.GetRequiredValue(Member),
        parse.GetRequiredValue(Organization),
        parse.GetRequiredValue(Roles).ToHashSet(),
        parse.GetRequiredValue(Clearance),
        (parse.GetValue(Communities) ?? []).ToHashSet(StringComparer.Ordinal),
        (parse.GetValue(Clients) ?? []).ToHashSet(StringComparer.Ordinal),
        keys.Signing,
        keys.Encryption,
        notBefore,
        notAfter);

    public string[] ContactsOf(ParseResult parse) => parse.GetValue(Contacts) ?? [];

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
