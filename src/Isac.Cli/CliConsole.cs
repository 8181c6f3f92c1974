using Spectre.Console;

namespace Isac.Cli;

/// <summary>Where a command writes: results and progress to <see cref="Out"/>, errors to <see cref="Error"/>.</summary>
internal sealed record CliConsole(IAnsiConsole Out, TextWriter Error)
{
    private const int RedirectedWidth = 160;

    /// <summary>The process's console (colour when the terminal supports it).</summary>
    public static CliConsole System()
    {
        var console = AnsiConsole.Console;
        if (!console.Profile.Out.IsTerminal)
        {
            // Redirected output (a file, a CI log) has no width; Spectre would wrap at 80 columns.
            console.Profile.Width = RedirectedWidth;
        }

        return new(console, Console.Error);
    }

    /// <summary>Plain text into writers (tests), no colour and no terminal features.</summary>
    public static CliConsole ForWriters(TextWriter output, TextWriter error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = RedirectedWidth;
        return new(console, error);
    }

    /// <summary>The writer System.CommandLine uses for help and results.</summary>
    public TextWriter Output => Out.Profile.Out.Writer;

    /// <summary>Writes one plain line (no markup).</summary>
    public void Line(string text) => Out.WriteLine(text);

    /// <summary>Writes one line with Spectre markup.</summary>
    public void Markup(string markup) => Out.MarkupLine(markup);
}
