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

    /// <summary>A full-width banner line naming the label, with the EXERCISE banner before it for exercise bundles.</summary>
    public static void WriteBanner(IAnsiConsole console, TlpLabel wire, string exerciseId)
    {
        if (!string.IsNullOrEmpty(exerciseId))
        {
            console.Write(new Rule($"[bold black on yellow] EXERCISE {Spectre.Console.Markup.Escape(exerciseId)}: NOT A REAL ALERT [/]") { Style = new Style(Color.Yellow) });
        }

        if (TlpLabels.TryFromWire(wire, out var label))
        {
            console.Write(new Rule($"[{Style(label)}] {Spectre.Console.Markup.Escape(TlpLabels.ToLabelString(label))} [/]")
            {
                Style = new Style(label switch { Tlp.Red => Color.Red, Tlp.Amber or Tlp.AmberStrict => Color.Orange1, Tlp.Green => Color.Green, _ => Color.White }),
            });
        }
        else
        {
            console.Write(new Rule("[bold white on red] UNKNOWN LABEL: treat as TLP:RED [/]") { Style = new Style(Color.Red) });
        }
    }
}
