using System.CommandLine;
using Isac.Cli.Home;
using Isac.Core.Crypto;

namespace Isac.Cli.Commands;

/// <summary><c>isac keys new</c>: a member's Ed25519 signing and X25519 encryption keys.</summary>
internal static class KeysCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var keys = new Command("keys", "A member's own keys (kept by its node, never sent anywhere)");
        var member = CliOptions.MemberId();
        var force = new Option<bool>("--force") { Description = "Replace existing keys (the member's card must then be signed again)" };
        var create = new Command("new", "Generate the member's Ed25519 signing key and X25519 encryption key (encrypted PKCS#8 files)") { member, force };
        CommandAction.Set(create, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var memberId = parse.GetRequiredValue(member);
            var passphrase = global.PassphraseOf(parse);
            var written = await MemberKeyFiles.CreateAsync(home, memberId, passphrase, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            console.Line($"Wrote the keys of {memberId} into {home.MemberDirectory(memberId)}");
            console.Line($"  signing key id     {Convert.ToHexStringLower(KeyId.Of(written.Signing))}");
            console.Line($"  encryption key id  {Convert.ToHexStringLower(KeyId.Of(written.Encryption))}");
            console.Line($"Next: isac members add --member {memberId} ... (signs its card with the governance root)");
            return ExitCodes.Ok;
        });
        keys.Subcommands.Add(create);
        return keys;
    }
}
