using System.Globalization;
using System.Text;
using Isac.V1;
using Spectre.Console;

namespace Isac.Cli;

/// <summary>Prints inbox items: a coloured TLP banner (and an EXERCISE banner) before each item, then its header and payload.</summary>
internal static class InboxRenderer
{
    private const int PreviewLines = 20;

    public static void Write(IAnsiConsole console, InboxItem item, bool full)
    {
        if (item.Gap is { } gap)
        {
            console.MarkupLine($"[bold black on yellow] GAP: mailbox entries {gap.FromSequence} to {gap.ToSequence} were lost ({Markup.Escape(gap.Reason)}) [/]");
            console.WriteLine();
            return;
        }

        TlpStyles.WriteBanner(console, item.Tlp, item.ExerciseId);
        var kind = Commands.CliOptions.KindName(item.Kind);
        console.MarkupLine(
            $"[bold]{Markup.Escape(kind)}[/] from [bold]{Markup.Escape(item.SenderMemberId)}[/]  " +
            $"{Markup.Escape(Time(item.CreatedAtMs))}  bundle {Convert.ToHexStringLower(item.BundleId.Span)}  #{item.LocalPosition}");
        var audience = Audience(item.Audience);
        if (audience.Length > 0)
        {
            console.MarkupLine($"to {Markup.Escape(audience)}");
        }

        if (!string.IsNullOrEmpty(item.ForwardedFromSender))
        {
            console.MarkupLine($"forwarded; originally from [bold]{Markup.Escape(item.ForwardedFromSender)}[/]");
        }

        if (!item.Supersedes.IsEmpty)
        {
            console.MarkupLine($"supersedes {Convert.ToHexStringLower(item.Supersedes.Span)}");
        }

        console.MarkupLine($"[grey]{Markup.Escape(item.ContentType)}, {item.Payload.Length} bytes[/]");
        var text = Encoding.UTF8.GetString(item.Payload.Span);
        var lines = text.Split('\n');
        foreach (var line in full ? lines : lines.Take(PreviewLines))
        {
            console.WriteLine(line.TrimEnd('\r'));
        }

        if (!full && lines.Length > PreviewLines)
        {
            console.MarkupLine($"[grey]... {lines.Length - PreviewLines} more lines (--full shows everything)[/]");
        }

        console.WriteLine();
    }

    private static string Audience(V1.Audience? audience)
    {
        if (audience is null)
        {
            return string.Empty;
        }

        var parts = audience.Communities.Select(c => "community:" + c).Concat(audience.Members.Select(m => "member:" + m));
        return string.Join(", ", parts);
    }

    private static string Time(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
