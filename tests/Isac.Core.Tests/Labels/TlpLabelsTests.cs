using Isac.Core.Labels;
using Isac.V1;

namespace Isac.Core.Tests.Labels;

public sealed class TlpLabelsTests
{
    [Theory]
    [InlineData("TLP:CLEAR", Tlp.Clear)]
    [InlineData("CLEAR", Tlp.Clear)]
    [InlineData("clear", Tlp.Clear)]
    [InlineData("tlp:clear", Tlp.Clear)]
    [InlineData("TLP:WHITE", Tlp.Clear)]
    [InlineData("white", Tlp.Clear)]
    [InlineData("TLP:GREEN", Tlp.Green)]
    [InlineData("Green", Tlp.Green)]
    [InlineData("TLP:AMBER", Tlp.Amber)]
    [InlineData("amber", Tlp.Amber)]
    [InlineData("TLP:AMBER+STRICT", Tlp.AmberStrict)]
    [InlineData("AMBER+STRICT", Tlp.AmberStrict)]
    [InlineData("amber+strict", Tlp.AmberStrict)]
    [InlineData("AMBER STRICT", Tlp.AmberStrict)]
    [InlineData("AMBER_STRICT", Tlp.AmberStrict)]
    [InlineData("amber-strict", Tlp.AmberStrict)]
    [InlineData("TLP:Amber_Strict", Tlp.AmberStrict)]
    [InlineData("TLP:RED", Tlp.Red)]
    [InlineData("red", Tlp.Red)]
    [InlineData("  TLP:RED\t", Tlp.Red)]
    [InlineData("\n green ", Tlp.Green)]
    [InlineData("TLP: AMBER", Tlp.Amber)]
    public void Parse_AcceptedSpelling_GivesLabel(string text, Tlp expected)
    {
        Assert.Equal(expected, TlpLabels.Parse(text));
        Assert.True(TlpLabels.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("AMBR")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("TLP:")]
    [InlineData("TLP")]
    [InlineData("TLP:PURPLE")]
    [InlineData("AMBERSTRICT")]
    [InlineData("AMBER++STRICT")]
    [InlineData("AMBER + STRICT")]
    [InlineData("STRICT")]
    [InlineData("TLP:TLP:RED")]
    [InlineData("TLPRED")]
    [InlineData("RED!")]
    [InlineData("3")]
    [InlineData("Ｒed")] // full-width R: no Unicode folding
    public void Parse_Garbage_ThrowsFormatExceptionListingSpellings(string text)
    {
        var error = Assert.Throws<FormatException>(() => TlpLabels.Parse(text));

        Assert.Contains($"'{text}' is not a TLP label", error.Message, StringComparison.Ordinal);
        foreach (var spelling in new[] { "CLEAR", "WHITE", "GREEN", "AMBER+STRICT", "AMBER_STRICT", "RED", "TLP:" })
        {
            Assert.Contains(spelling, error.Message, StringComparison.Ordinal);
        }

        Assert.False(TlpLabels.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull_AndTryParseIsFalse()
    {
        Assert.Throws<ArgumentNullException>(() => TlpLabels.Parse(null!));
        Assert.False(TlpLabels.TryParse(null, out var label));
        Assert.Equal(default, label);
    }

    [Theory]
    [InlineData(Tlp.Clear, "TLP:CLEAR")]
    [InlineData(Tlp.Green, "TLP:GREEN")]
    [InlineData(Tlp.Amber, "TLP:AMBER")]
    [InlineData(Tlp.AmberStrict, "TLP:AMBER+STRICT")]
    [InlineData(Tlp.Red, "TLP:RED")]
    public void ToLabelString_IsCanonical_AndParsesBack(Tlp label, string expected)
    {
        Assert.Equal(expected, TlpLabels.ToLabelString(label));
        Assert.Equal(label, TlpLabels.Parse(TlpLabels.ToLabelString(label)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void ToLabelString_UndefinedLabel_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TlpLabels.ToLabelString((Tlp)value));
        Assert.False(TlpLabels.IsDefined((Tlp)value));
    }

    [Fact]
    public void Order_IsClearGreenAmberAmberStrictRed()
    {
        Tlp[] ordered = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];
        Assert.Equal(ordered, ordered.OrderBy(l => l));
        Assert.Equal(ordered, Enum.GetValues<Tlp>().Order());
    }

    [Theory]
    [InlineData(Tlp.Clear, TlpLabel.Clear)]
    [InlineData(Tlp.Green, TlpLabel.Green)]
    [InlineData(Tlp.Amber, TlpLabel.Amber)]
    [InlineData(Tlp.AmberStrict, TlpLabel.AmberStrict)]
    [InlineData(Tlp.Red, TlpLabel.Red)]
    public void Wire_RoundTrips(Tlp label, TlpLabel wire)
    {
        Assert.Equal(wire, TlpLabels.ToWire(label));
        Assert.Equal(label, TlpLabels.FromWire(wire));
        Assert.True(TlpLabels.TryFromWire(wire, out var parsed));
        Assert.Equal(label, parsed);
    }

    [Fact]
    public void FromWire_Unspecified_IsRefusedNamingIt()
    {
        var error = Assert.Throws<FormatException>(() => TlpLabels.FromWire(TlpLabel.Unspecified));

        Assert.Contains("TLP_LABEL_UNSPECIFIED", error.Message, StringComparison.Ordinal);
        Assert.False(TlpLabels.TryFromWire(TlpLabel.Unspecified, out _));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(99)]
    [InlineData(-3)]
    public void FromWire_UnknownNumber_IsRefusedNamingIt(int number)
    {
        var error = Assert.Throws<FormatException>(() => TlpLabels.FromWire((TlpLabel)number));

        Assert.Contains($"number {number} is unknown", error.Message, StringComparison.Ordinal);
        Assert.False(TlpLabels.TryFromWire((TlpLabel)number, out _));
    }

    [Fact]
    public void ToWire_UndefinedLabel_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TlpLabels.ToWire((Tlp)0));
    }
}
