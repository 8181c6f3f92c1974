using Google.Protobuf;
using Isac.Cli;
using Isac.V1;

namespace Isac.IntegrationTests.Cli;

/// <summary>Every inbox item carries its TLP banner, and an exercise bundle an EXERCISE banner before it.</summary>
public sealed class InboxRendererTests
{
    [Theory]
    [InlineData(TlpLabel.Clear, " TLP:CLEAR ")]
    [InlineData(TlpLabel.Green, " TLP:GREEN ")]
    [InlineData(TlpLabel.Amber, " TLP:AMBER ")]
    [InlineData(TlpLabel.AmberStrict, " TLP:AMBER+STRICT ")]
    [InlineData(TlpLabel.Red, " TLP:RED ")]
    [InlineData((TlpLabel)9, "UNKNOWN LABEL 9: TREAT AS TLP:RED")]
    public void Item_StartsWithItsTlpBanner(TlpLabel label, string banner)
    {
        var lines = Render(Item(label, exerciseId: string.Empty));

        Assert.Equal(banner.Trim(), lines[0].Trim());
        Assert.DoesNotContain(lines, line => line.Contains("EXERCISE", StringComparison.Ordinal));
    }

    [Fact]
    public void ExerciseItem_HasTheExerciseBannerBeforeTheTlpBanner()
    {
        var lines = Render(Item(TlpLabel.Amber, "tabletop-3"));

        Assert.Equal("EXERCISE tabletop-3: NOT A REAL ALERT", lines[0].Trim());
        Assert.Equal("TLP:AMBER", lines[1].Trim());
        Assert.Contains(lines, line => line == "Check the results server.");
    }

    [Fact]
    public void GapMarker_IsShownAsAGap()
    {
        var lines = Render(new InboxItem { Gap = new Gap { FromSequence = 4, ToSequence = 9, Reason = "expired" } });

        Assert.Equal("GAP: mailbox entries 4 to 9 were lost (expired)", lines[0].Trim());
    }

    private static InboxItem Item(TlpLabel label, string exerciseId) => new()
    {
        BundleId = ByteString.CopyFrom(new byte[16]),
        SenderMemberId = "cert-national",
        Tlp = label,
        Kind = BundleKind.Advisory,
        ContentType = "text/markdown",
        Payload = ByteString.CopyFromUtf8("# Advisory\nCheck the results server.\n"),
        ExerciseId = exerciseId,
        CreatedAtMs = 1_795_950_000_000,
    };

    private static string[] Render(InboxItem item)
    {
        using var output = new StringWriter();
        InboxRenderer.Write(CliConsole.ForWriters(output, TextWriter.Null).Out, item, full: false);
        return output.ToString().Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
    }
}
