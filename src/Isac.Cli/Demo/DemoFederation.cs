using Isac.Cli.Home;
using Isac.Core.Membership;
using Isac.Core.Pki;

namespace Isac.Cli.Demo;

/// <summary>
/// Sets up the demo's home folder with the same code as the verbs (<c>governance init</c>, <c>certs dev</c>,
/// <c>keys new</c>, <c>members add</c>), so the demo exercises what a real operator runs.
/// </summary>
internal static class DemoFederation
{
    public static async Task<GovernanceRoot> CreateAsync(IsacHome home, string passphrase, CancellationToken cancellationToken)
    {
        // Every key file costs one PBKDF2 run: the independent ones are written in parallel.
        var governance = GovernanceFiles.InitAsync(home, passphrase, TimeSpan.FromHours(23), force: false, cancellationToken);
        var certificates = DevCertificates.WriteAsync(home.Certificates, DemoScenario.Members.Select(m => m.Id), passphrase, cancellationToken: cancellationToken);
        var keys = DemoScenario.Members.Select(m => MemberKeyFiles.CreateAsync(home, m.Id, passphrase, force: false, cancellationToken)).ToArray();
        await Task.WhenAll(governance, certificates, Task.WhenAll(keys)).ConfigureAwait(false);

        var root = await governance.ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < DemoScenario.Members.Length; i++)
        {
            var spec = DemoScenario.Members[i];
            var publicKeys = await keys[i].ConfigureAwait(false);
            var member = new Member(
                spec.Id,
                spec.Organization,
                new HashSet<Role> { spec.Role },
                spec.Clearance,
                spec.Communities.ToHashSet(StringComparer.Ordinal),
                new HashSet<string>(StringComparer.Ordinal),
                publicKeys.Signing,
                publicKeys.Encryption,
                now.AddMinutes(-5),
                now.AddDays(30));
            await Roster.AddAsync(home, root, member, [], replace: false, cancellationToken).ConfigureAwait(false);
        }

        return root;
    }
}
