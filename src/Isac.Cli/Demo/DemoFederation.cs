using Isac.Cli.Home;
using Isac.Core.Crypto;
using Isac.Core.Membership;
using Isac.Core.Pki;

namespace Isac.Cli.Demo;

/// <summary>
/// Sets up the demo's home folder with the same code as the verbs (<c>governance init</c>, <c>certs dev</c>,
/// <c>keys new</c>, <c>members add</c>), so the demo exercises what a real operator runs.
/// </summary>
internal static class DemoFederation
{
    /// <summary>
    /// Writes the public files and the roster at once and starts the encrypted key files (one PBKDF2 run each,
    /// about twenty in all) in the background: the broker can start while the members' key files are written.
    /// </summary>
    public static async Task<DemoSetup> StartAsync(IsacHome home, string passphrase, CancellationToken cancellationToken)
    {
        var (root, governanceKeyFiles) = await GovernanceFiles.StartInitAsync(home, passphrase, TimeSpan.FromHours(23), force: false, cancellationToken).ConfigureAwait(false);
        var certificates = DevCertificates.WriteAsync(home.Certificates, DemoScenario.Members.Select(m => m.Id), passphrase, cancellationToken: cancellationToken);
        var keys = DemoScenario.Members.Select(m => (Spec: m, Signing: SigningKeyPair.Generate(), Encryption: EncryptionKeyPair.Generate())).ToList();
        var memberKeyFiles = Task.WhenAll(keys.Select(k => MemberKeyFiles.WriteAsync(home, k.Spec.Id, k.Signing, k.Encryption, passphrase, force: false, cancellationToken)));

        var now = DateTimeOffset.UtcNow;
        foreach (var (spec, signing, encryption) in keys)
        {
            var member = new Member(
                spec.Id,
                spec.Organization,
                new HashSet<Role> { spec.Role },
                spec.Clearance,
                spec.Communities.ToHashSet(StringComparer.Ordinal),
                new HashSet<string>(StringComparer.Ordinal),
                signing.PublicKey,
                encryption.PublicKey,
                now.AddMinutes(-5),
                now.AddDays(30));
            await Roster.AddAsync(home, root, member, [], replace: false, cancellationToken).ConfigureAwait(false);
        }

        return new DemoSetup(
            root,
            keys.Single(k => k.Spec.Id == DemoScenario.Cert).Signing,
            Task.WhenAll(governanceKeyFiles, certificates),
            Task.WhenAll(memberKeyFiles, certificates));
    }
}
