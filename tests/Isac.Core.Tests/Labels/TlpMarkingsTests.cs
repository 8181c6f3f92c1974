using Isac.Core.Labels;

namespace Isac.Core.Tests.Labels;

public sealed class TlpMarkingsTests
{
    // Literals copied from the OASIS TLP 2.0 marking objects and the STIX 2.1 specification (TLP 1.0), and
    // OpenCTI's AMBER+STRICT id; never derived from the code under test.
    [Theory]
    [InlineData(Tlp.Clear, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487")]
    [InlineData(Tlp.Green, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb")]
    [InlineData(Tlp.Amber, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421")]
    [InlineData(Tlp.AmberStrict, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003")]
    [InlineData(Tlp.Red, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1")]
    public void IdFor_EmitsTlp2Id(Tlp label, string id)
    {
        Assert.Equal(id, TlpMarkings.IdFor(label));
        Assert.True(TlpMarkings.TryGetLabel(id, out var parsed));
        Assert.Equal(label, parsed);
    }

    [Fact]
    public void Constants_AreTheOasisAndStixIds()
    {
        Assert.Equal("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", TlpMarkings.Clear);
        Assert.Equal("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", TlpMarkings.Green);
        Assert.Equal("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", TlpMarkings.Amber);
        Assert.Equal("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", TlpMarkings.AmberStrict);
        Assert.Equal("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", TlpMarkings.Red);
        Assert.Equal("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", TlpMarkings.Tlp1White);
        Assert.Equal("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", TlpMarkings.Tlp1Green);
        Assert.Equal("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", TlpMarkings.Tlp1Amber);
        Assert.Equal("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", TlpMarkings.Tlp1Red);
        Assert.Equal("marking-definition--826578e1-40ad-459f-bc73-ede076f81f37", TlpMarkings.OpenCtiAmberStrict);
    }

    [Theory]
    [InlineData("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp.Clear)] // TLP 1.0 WHITE
    [InlineData("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp.Green)] // TLP 1.0 GREEN
    [InlineData("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp.Amber)] // TLP 1.0 AMBER
    [InlineData("marking-definition--826578e1-40ad-459f-bc73-ede076f81f37", Tlp.AmberStrict)] // OpenCTI
    [InlineData("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp.Red)] // TLP 1.0 RED
    public void TryGetLabel_AcceptsLegacyIds(string id, Tlp expected)
    {
        Assert.True(TlpMarkings.TryGetLabel(id, out var label));
        Assert.Equal(expected, label);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8488")] // last digit changed
    [InlineData("MARKING-DEFINITION--94868C89-83C2-464B-929B-A1A8AA3C8487")] // upper case is not a STIX id
    [InlineData(" marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487")]
    [InlineData("94868c89-83c2-464b-929b-a1a8aa3c8487")]
    [InlineData("extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d")]
    [InlineData("TLP:RED")]
    public void TryGetLabel_UnknownId_IsFalse(string? id)
    {
        Assert.False(TlpMarkings.TryGetLabel(id, out _));
    }

    [Fact]
    public void IdFor_UndefinedLabel_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TlpMarkings.IdFor((Tlp)6));
    }

    [Fact]
    public void IdFor_IsDistinctPerLabel()
    {
        var ids = Enum.GetValues<Tlp>().Select(TlpMarkings.IdFor).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
