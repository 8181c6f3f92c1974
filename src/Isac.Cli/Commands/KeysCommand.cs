using System.CommandLine;
using Isac.Cli.Home;
using Isac.Core.Crypto;
using Isac.Core.Membership;

namespace Isac.Cli.Commands;

/// <summary><c>isac keys new</c> and <c>isac keys rotate</c>: a member's Ed25519 signing and X25519 encryption keys.</summary>
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
        keys.Subcommands.Add(Rotate(global, console));
        return keys;
    }

    private static Command Rotate(GlobalOptions global, CliConsole console)
    {
        var member = CliOptions.MemberId();
        var command = new Command("rotate", "Replace the member's encryption key and re-sign its card (the old key is kept for mail already sealed to it; restart the node)")
        {
            member,
        };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var home = global.HomeOf(parse);
            var memberId = parse.GetRequiredValue(member);
            var passphrase = global.PassphraseOf(parse);
            var (card, revoked) = await Roster.FindAsync(home, memberId, cancellationToken).ConfigureAwait(false);
            if (card is null || revoked)
            {
                throw new CliException($"member {memberId} has no active card in the roster ({home.RosterPath}); only a member's current key can be rotated");
            }

            var root = GovernanceFiles.LoadRoot(home, passphrase);
            var keys = await MemberKeyFiles.RotateEncryptionKeyAsync(home, memberId, passphrase, cancellationToken).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            var rotated = MemberCards.ToMember(card) with { EncryptionPublicKey = keys.Encryption, NotBefore = now.AddMinutes(-5) };
            await Roster.AddAsync(home, root, rotated, card.Contacts, replace: true, cancellationToken).ConfigureAwait(false);
            console.Line($"Rotated the encryption key of {memberId}: new key id {Convert.ToHexStringLower(KeyId.Of(keys.Encryption))}; its card is re-signed in {home.RosterPath}.");
            console.Line($"The old key is kept in {home.RetiredEncryptionKeysDirectory(memberId)}; restart the node (`isac node run --member {memberId}`) to load both.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
