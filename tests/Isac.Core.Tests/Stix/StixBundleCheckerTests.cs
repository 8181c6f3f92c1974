using System.Text;
using System.Text.Json.Nodes;
using Isac.Core.Labels;
using Isac.Core.Stix;

namespace Isac.Core.Tests.Stix;

public sealed class StixBundleCheckerTests
{
    private const string IndicatorId = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
    private const string NoteId = "note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061";
    private const string StatementId = "marking-definition--f0e3fc3e-6b2e-4c8a-9e7b-2f2d3a9d2a11";

    [Fact]
    public void Check_MarkedBundleWithinTheLabel_IsAcceptedUnchanged()
    {
        var json = Bundle(Indicator(TlpMarkings.Amber));
        var check = StixBundleChecker.Check(Encoding.UTF8.GetBytes(json), Tlp.Amber);
        Assert.True(check.IsValid, check.Message);
        Assert.Equal(json, Encoding.UTF8.GetString(check.Bundle));
    }

    [Fact]
    public void Check_RedObjectInAGreenEnvelope_IsRefusedNamingTheObject()
    {
        var check = StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(Indicator(TlpMarkings.Red))), Tlp.Green);
        Assert.False(check.IsValid);
        Assert.Equal(StixError.MarkingAboveLabel, check.Error);
        Assert.Equal(IndicatorId, check.ObjectId);
        Assert.Contains(IndicatorId, check.Message, StringComparison.Ordinal);
        Assert.Contains("TLP:RED", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ClearIndicatorInsideAnAmberEnvelope_IsAccepted()
    {
        Assert.True(StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(Indicator(TlpMarkings.Clear))), Tlp.Amber).IsValid);
    }

    [Theory]
    [InlineData(Tlp.Amber, false)]
    [InlineData(Tlp.AmberStrict, false)]
    [InlineData(Tlp.Red, true)]
    public void Check_UnknownMarking_CountsAsRed(Tlp envelope, bool accepted)
    {
        var json = Bundle(Indicator("marking-definition--11111111-2222-4333-8444-555555555555"));
        Assert.Equal(accepted, StixBundleChecker.Check(Encoding.UTF8.GetBytes(json), envelope).IsValid);
    }

    [Theory]
    [InlineData(TlpMarkings.Tlp1Amber, Tlp.Amber, true)]
    [InlineData(TlpMarkings.Tlp1Amber, Tlp.Green, false)]
    [InlineData(TlpMarkings.OpenCtiAmberStrict, Tlp.Amber, false)]
    [InlineData(TlpMarkings.OpenCtiAmberStrict, Tlp.AmberStrict, true)]
    [InlineData(TlpMarkings.Tlp1White, Tlp.Clear, true)]
    public void Check_AcceptedInputIds_MapToTheirLabel(string marking, Tlp envelope, bool accepted)
    {
        Assert.Equal(accepted, StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(Indicator(marking))), envelope).IsValid);
    }

    [Fact]
    public void Check_GranularRedMarkingInAnAmberEnvelope_IsRefused()
    {
        var indicator = Indicator(TlpMarkings.Green);
        indicator["granular_markings"] = new JsonArray(new JsonObject { ["marking_ref"] = TlpMarkings.Red, ["selectors"] = new JsonArray("pattern") });
        var check = StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(indicator)), Tlp.Amber);
        Assert.Equal(StixError.MarkingAboveLabel, check.Error);
        Assert.Equal(IndicatorId, check.ObjectId);
    }

    [Fact]
    public void Check_StatementMarkingDefinedInTheBundle_RestrictsNothing()
    {
        var statement = new JsonObject
        {
            ["type"] = "marking-definition",
            ["spec_version"] = "2.1",
            ["id"] = StatementId,
            ["created"] = "2026-03-01T12:00:00.000Z",
            ["definition_type"] = "statement",
            ["definition"] = new JsonObject { ["statement"] = "Copyright 2026 Example CERT" },
        };
        var indicator = Indicator(TlpMarkings.Green);
        ((JsonArray)indicator["object_marking_refs"]!).Add(StatementId);
        Assert.True(StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(statement, indicator)), Tlp.Green).IsValid);
    }

    [Fact]
    public void Check_UnmarkedObject_GetsTheEnvelopeMarking()
    {
        var indicator = Indicator(TlpMarkings.Green);
        indicator.Remove("object_marking_refs");
        var check = StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(indicator)), Tlp.AmberStrict);
        Assert.True(check.IsValid, check.Message);
        var marked = JsonNode.Parse(check.Bundle)!["objects"]![0]!["object_marking_refs"]!.AsArray();
        Assert.Equal(TlpMarkings.AmberStrict, Assert.Single(marked)!.GetValue<string>());
    }

    [Theory]
    [InlineData("pattern")]
    [InlineData("valid_from")]
    [InlineData("created")]
    [InlineData("modified")]
    [InlineData("spec_version")]
    public void Check_IndicatorWithoutARequiredProperty_IsRefusedNamingIt(string property)
    {
        var indicator = Indicator(TlpMarkings.Green);
        indicator.Remove(property);
        var check = StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(indicator)), Tlp.Green);
        Assert.Equal(StixError.MissingProperty, check.Error);
        Assert.Equal(IndicatorId, check.ObjectId);
        Assert.Contains(property, check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoteWithoutObjectRefs_IsRefused()
    {
        var note = new JsonObject
        {
            ["type"] = "note",
            ["spec_version"] = "2.1",
            ["id"] = NoteId,
            ["created"] = "2026-03-01T12:00:00.000Z",
            ["modified"] = "2026-03-01T12:00:00.000Z",
            ["content"] = "check the poll books",
        };
        var check = StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(note)), Tlp.Green);
        Assert.Equal(StixError.MissingProperty, check.Error);
        Assert.Contains("object_refs", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CyberObservableWithoutSpecVersion_IsAccepted()
    {
        var address = new JsonObject { ["type"] = "ipv4-addr", ["id"] = "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", ["value"] = "198.51.100.7", ["object_marking_refs"] = new JsonArray(TlpMarkings.Green) };
        Assert.True(StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(address)), Tlp.Green).IsValid);
    }

    [Theory]
    [InlineData("not json", StixError.MalformedJson)]
    [InlineData("[]", StixError.NotABundle)]
    [InlineData("{\"type\":\"indicator\"}", StixError.NotABundle)]
    [InlineData("{\"type\":\"bundle\",\"id\":\"bundle--nope\"}", StixError.InvalidProperty)]
    [InlineData("{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":{}}", StixError.InvalidProperty)]
    [InlineData("{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[{\"type\":\"indicator\",\"id\":\"malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"}]}", StixError.InvalidProperty)]
    public void Check_MalformedInput_IsRefusedWithAReason(string json, StixError expected)
    {
        var check = StixBundleChecker.Check(Encoding.UTF8.GetBytes(json), Tlp.Green);
        Assert.False(check.IsValid);
        Assert.Equal(expected, check.Error);
        Assert.NotEmpty(check.Message);
    }

    [Fact]
    public void Check_TimestampWithoutUtcZone_IsRefused()
    {
        var indicator = Indicator(TlpMarkings.Green);
        indicator["valid_from"] = "2026-03-01T12:00:00+02:00";
        Assert.Equal(StixError.InvalidProperty, StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(indicator)), Tlp.Green).Error);
    }

    private static JsonObject Indicator(string marking) => new()
    {
        ["type"] = "indicator",
        ["spec_version"] = "2.1",
        ["id"] = IndicatorId,
        ["created"] = "2026-03-01T12:00:00.000Z",
        ["modified"] = "2026-03-01T12:00:00.000Z",
        ["pattern"] = "[ipv4-addr:value = '198.51.100.7']",
        ["pattern_type"] = "stix",
        ["valid_from"] = "2026-03-01T12:00:00Z",
        ["object_marking_refs"] = new JsonArray(marking),
    };

    private static string Bundle(params JsonObject[] objects) => new JsonObject
    {
        ["type"] = "bundle",
        ["id"] = "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
        ["objects"] = new JsonArray(objects),
    }.ToJsonString();
}
