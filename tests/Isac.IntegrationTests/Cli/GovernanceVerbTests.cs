using Isac.Core.Membership;
using Isac.IntegrationTests.Infrastructure;

namespace Isac.IntegrationTests.Cli;

/// <summary>The operator's verbs on a real home folder: governance init, keys new, members add/list/revoke.</summary>
public sealed class GovernanceVerbTests
{
    [Fact]
    public async Task Enrolment_SignsACardTheRootVerifies_AndRevocationShowsInTheList()
    {
        using var work = new TempDirectory();
        var passphraseFile = Path.Combine(work.Path, "passphrase");
        await File.WriteAllTextAsync(passphraseFile, "governance-verb-test passphrase\n");
        string[] Common(params string[] args) => [.. args, "--home", Path.Combine(work.Path, "home"), "--certs", Path.Combine(work.Path, "certs"), "--passphrase-file", passphraseFile];

        Assert.Equal(0, (await CliRun.RunAsync(Common("governance", "init"))).ExitCode);
        var again = await CliRun.RunAsync(Common("governance", "init"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRun.RunAsync(Common("keys", "new", "--member", "office-ohio"))).ExitCode);
        var add = await CliRun.RunAsync(Common("members", "add", "--member", "office-ohio", "--org", "ohio-sos", "--role", "election-office",
            "--clearance", "amber", "--community", "election-sector", "--community", "state:ohio"));
        Assert.True(add.ExitCode == 0, add.ToString());

        // The roster holds a card the governance root signed, with exactly what was asked for.
        var rootKey = Convert.FromHexString((await File.ReadAllTextAsync(Path.Combine(work.Path, "home", "governance", "root.pub"))).Trim());
        var roster = await RosterFile.ReadAsync(Path.Combine(work.Path, "home", "broker", "roster.bin"));
        var signed = Assert.Single(roster.Cards);
        Assert.True(Core.Crypto.Signatures.Verify(rootKey, Core.Crypto.SignatureContext.Card, signed.Card.Span, signed.Signature.Span));
        var member = MemberCards.ToMember(V1.MemberCard.Parser.ParseFrom(signed.Card));
        Assert.Equal(Core.Labels.Tlp.Amber, member.Clearance);
        Assert.Equal(["election-sector", "state:ohio"], member.Communities.Order(StringComparer.Ordinal));

        var list = await CliRun.RunAsync(Common("members", "list"));
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("active", list.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRun.RunAsync(Common("members", "revoke", "--member", "office-ohio", "--reason", "lost laptop"))).ExitCode);
        list = await CliRun.RunAsync(Common("members", "list"));
        Assert.Contains("revoked: lost laptop", list.Output, StringComparison.Ordinal);
        var readd = await CliRun.RunAsync(Common("members", "add", "--member", "office-ohio", "--org", "ohio-sos", "--role", "election-office", "--clearance", "AMBER", "--replace"));
        Assert.Equal(1, readd.ExitCode);
        Assert.Contains("is revoked", readd.Error, StringComparison.Ordinal);
    }
}
