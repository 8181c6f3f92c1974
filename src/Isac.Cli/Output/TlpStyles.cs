using Isac.Core.Labels;
using Isac.V1;
using Spectre.Console;

namespace Isac.Cli;

/// <summary>TLP colours (FIRST TLP 2.0): RED red, AMBER and AMBER+STRICT amber, GREEN green, CLEAR white.</summary>
internal static class TlpStyles
{
    public static string Style(Tlp label) => label switch
    {
        Tlp.Red => "bold white on red",
        Tlp.Amber or Tlp.AmberStrict => "bold black on orange1",
        Tlp.Green => "bold black on green",
        _ => "bold black on white",
    };

    /// <summary>The label as coloured markup, e.g. <c>[bold white on red]TLP:RED[/]</c>.</summary>
    public static string Markup(Tlp label) => $"[{Style(label)}]{Spectre.Console.Markup.Escape(TlpLabels.ToLabelString(label))}[/]";

    /// <summary>
    /// The banner line naming the label (a coloured block, so it stands out in a terminal and still reads as text
    /// in a log), with an EXERCISE banner before it for exercise bundles. An unknown label is shown as RED.
    /// </summary>
    public static void WriteBanner(IAnsiConsole console, TlpLabel wire, string exerciseId)
    {
        if (!string.IsNullOrEmpty(exerciseId))
        {
            console.MarkupLine($"[bold black on yellow] EXERCISE {Spectre.Console.Markup.Escape(exerciseId)}: NOT A REAL ALERT [/]");
        }

        console.MarkupLine(TlpLabels.TryFromWire(wire, out var label)
            ? $"[{Style(label)}] {Spectre.Console.Markup.Escape(TlpLabels.ToLabelString(label))} [/]"
            : $"[{Style(Tlp.Red)}] UNKNOWN LABEL {(int)wire}: TREAT AS TLP:RED [/]");
    }
}
