using System.CommandLine;
using Isac.Cli.Home;
using Isac.Core.Keys;

namespace Isac.Cli;

/// <summary>The options every verb accepts (declared once on the root command, recursive).</summary>
internal sealed class GlobalOptions
{
    /// <summary>The environment variable holding the passphrase of every key file in the home folder.</summary>
    public const string PassphraseVariable = "ISAC_PASSPHRASE";

    public Option<string> Home { get; } = new("--home")
    {
        Description = "The isac home folder (governance, member keys, broker and node data)",
        DefaultValueFactory = _ => IsacHome.DefaultRoot,
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<string> Certs { get; } = new("--certs")
    {
        Description = "The dev certificates folder (hub CA, broker and member certificates)",
        DefaultValueFactory = _ => IsacHome.DefaultCerts,
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<FileInfo?> PassphraseFile { get; } = new("--passphrase-file")
    {
        Description = $"A file holding the key passphrase (otherwise the environment variable {PassphraseVariable}); never pass a passphrase on the command line",
        HelpName = "FILE",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Home);
        root.Options.Add(Certs);
        root.Options.Add(PassphraseFile);
    }

    public IsacHome HomeOf(ParseResult parse) =>
        new(parse.GetValue(Home) ?? IsacHome.DefaultRoot, parse.GetValue(Certs) ?? IsacHome.DefaultCerts);

    /// <summary>The key passphrase: <c>ISAC_PASSPHRASE</c>, else <c>--passphrase-file</c>; a clear error if neither.</summary>
    public string PassphraseOf(ParseResult parse) =>
        Passphrases.Resolve(PassphraseVariable, parse.GetValue(PassphraseFile)?.FullName);
}
