using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Isac.Cli.Commands;

namespace Isac.Cli;

/// <summary>The <c>isac</c> command tree and its entry point (Program and the tests call <see cref="RunAsync"/>).</summary>
internal static class IsacCli
{
    public static RootCommand Create(CliConsole console)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("isac: the ISAC election-security sharing hub (dev PKI, governance, enrollment, members, broker, node, publish, inbox, demo)");
        global.AddTo(root);
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(CertsCommand.Create(global, console));
        root.Subcommands.Add(KeysCommand.Create(global, console));
        root.Subcommands.Add(GovernanceCommand.Create(global, console));
        root.Subcommands.Add(EnrollCommand.Create(global, console));
        root.Subcommands.Add(MembersCommand.Create(global, console));
        root.Subcommands.Add(AdminCommand.Create(global, console));
        root.Subcommands.Add(IdentityCommand.Create(global, console));
        root.Subcommands.Add(BrokerCommand.Create(global, console));
        root.Subcommands.Add(NodeCommand.Create(global, console));
        root.Subcommands.Add(TaxiiCommand.Create(global, console));
        root.Subcommands.Add(PublishCommand.Create(console));
        root.Subcommands.Add(InboxCommand.Create(console));
        root.Subcommands.Add(StixCommand.Create(console));
        root.Subcommands.Add(ExportCommand.Create(console));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (0 on success).</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var parse = Create(console).Parse(args);
        if (parse.Errors.Count == 0)
        {
            return parse.InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Error }, cancellationToken);
        }

        return ReportParseErrorsAsync(parse, console, cancellationToken);
    }

    // A mistyped option or verb: the errors (and typo suggestions) and one line saying where the usage is, not the
    // whole help page, which would push the error itself off an analyst's screen.
    private static async Task<int> ReportParseErrorsAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        if (parse.Action is ParseErrorAction errorAction)
        {
            errorAction.ShowHelp = false;
        }

        await parse.InvokeAsync(new InvocationConfiguration { Output = console.Error, Error = console.Error }, cancellationToken).ConfigureAwait(false);
        var command = string.Join(' ', CommandPath(parse.CommandResult));
        await console.Error.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
        return ExitCodes.Failed;
    }

    private static Stack<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Push(command.Command is RootCommand ? "isac" : command.Command.Name);
            }
        }

        return names;
    }
}
