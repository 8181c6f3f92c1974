using System.Text;
using System.Text.Json.Nodes;
using Isac.Core.Labels;
using Isac.Core.Stix;

namespace Isac.Core.Tests.Stix;

public sealed class StixEdgeCaseTests
{
    private const string BundleId = "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d";
    private const string Uuid = "0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061";

    [Fact]
    public void Check_BundleWithoutObjects_IsAcceptedUnchanged()
    {
        var json = $"{{\"type\":\"bundle\",\"id\":\"{BundleId}\"}}";
        var check = StixBundleChecker.Check(Encoding.UTF8.GetBytes(json), Tlp.Green);
        Assert.True(check.IsValid, check.Message);
        Assert.Equal(json, Encoding.UTF8.GetString(check.Bundle));
    }

    [Theory]
    [InlineData("indicator--not-a-uuid")]
    [InlineData("indicator-0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061")]
    [InlineData("report--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061")]
    [InlineData("indicator--0c7b5b888ff74a4daa9dfeb398cd0061")]
    [InlineData("")]
    public void Check_WrongIdFormat_IsRefusedQuotingTheId(string id)
    {
        var indicator = Sample("indicator");
        indicator["id"] = id;
        var check = Check(indicator, Tlp.Green);
        Assert.Equal(StixError.InvalidProperty, check.Error);
        Assert.Contains($"'{id}'", check.Message, StringComparison.Ordinal);
        Assert.Contains("indicator--<uuid>", check.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-01T12:00:00Z")]
    [InlineData("2026-03-01T12:00:00.1Z")]
    [InlineData("2026-03-01T12:00:00.123456Z")]
    public void Check_TimestampsWithAnyPrecision_AreAccepted(string timestamp)
    {
        var indicator = Sample("indicator");
        indicator["created"] = timestamp;
        indicator["modified"] = timestamp;
        Assert.True(Check(indicator, Tlp.Green).IsValid);
    }

    [Theory]
    [InlineData("2026-03-01 12:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T12:00:00Z")]
    public void Check_MalformedTimestamp_IsRefused(string timestamp)
    {
        var indicator = Sample("indicator");
        indicator["modified"] = timestamp;
        var check = Check(indicator, Tlp.Green);
        Assert.Equal(StixError.InvalidProperty, check.Error);
        Assert.Contains("\"modified\"", check.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("indicator", "pattern")]
    [InlineData("report", "published")]
    [InlineData("report", "object_refs")]
    [InlineData("note", "content")]
    [InlineData("identity", "name")]
    [InlineData("relationship", "target_ref")]
    [InlineData("sighting", "sighting_of_ref")]
    [InlineData("marking-definition", "created")]
    [InlineData("ipv4-addr", "value")]
    [InlineData("domain-name", "value")]
    [InlineData("url", "value")]
    public void Check_ObjectWithoutARequiredProperty_IsRefusedNamingIt(string type, string property)
    {
        var item = Sample(type);
        Assert.True(Check(item, Tlp.Red).IsValid, $"the complete {type} sample must pass");
        item.Remove(property);
        var check = Check(item, Tlp.Red);
        Assert.Equal(StixError.MissingProperty, check.Error);
        Assert.Contains($"\"{property}\"", check.Message, StringComparison.Ordinal);
        Assert.Equal(item["id"]!.GetValue<string>(), check.ObjectId);
    }

    [Fact]
    public void Check_CustomPropertiesAndCustomObjects_AreKeptUntouched()
    {
        var indicator = Sample("indicator");
        indicator["x_acme_score"] = new JsonObject { ["value"] = 97, ["nested"] = new JsonArray(1, "two", null) };
        var custom = new JsonObject
        {
            ["type"] = "x-acme-ballot-box",
            ["spec_version"] = "2.1",
            ["id"] = $"x-acme-ballot-box--{Uuid}",
            ["created"] = "2026-03-01T12:00:00.000Z",
            ["modified"] = "2026-03-01T12:00:00.000Z",
            ["x_serial"] = "BX-0042",
            ["object_marking_refs"] = new JsonArray(TlpMarkings.Green),
        };
        var check = Check([indicator, custom], Tlp.Green);
        Assert.True(check.IsValid, check.Message);
        var objects = JsonNode.Parse(check.Bundle)!["objects"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(indicator, objects[0]));
        Assert.True(JsonNode.DeepEquals(custom, objects[1]));
    }

    [Fact]
    public void Check_BundleAboveTheConfiguredSize_IsRefusedWithTheLimitInTheMessage()
    {
        var indicator = Sample("indicator");
        indicator["description"] = new string('x', 5000);
        var json = Encoding.UTF8.GetBytes(Bundle(indicator));
        var check = StixBundleChecker.Check(json, Tlp.Green, maxBytes: 4096);
        Assert.Equal(StixError.TooLarge, check.Error);
        Assert.Contains("4096", check.Message, StringComparison.Ordinal);
        Assert.Contains(json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), check.Message, StringComparison.Ordinal);
        Assert.True(StixBundleChecker.Check(json, Tlp.Green, maxBytes: json.Length).IsValid);
    }

    [Fact]
    public void Check_GranularMarkingWithinTheLabel_IsAcceptedAndKept()
    {
        var indicator = Sample("indicator");
        indicator["granular_markings"] = new JsonArray(new JsonObject { ["marking_ref"] = TlpMarkings.Amber, ["selectors"] = new JsonArray("description") });
        var check = Check(indicator, Tlp.Amber);
        Assert.True(check.IsValid, check.Message);
        Assert.Equal(TlpMarkings.Amber, JsonNode.Parse(check.Bundle)!["objects"]![0]!["granular_markings"]![0]!["marking_ref"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Tlp.Clear, "clear")]
    [InlineData(Tlp.Green, "green")]
    [InlineData(Tlp.Amber, "amber")]
    [InlineData(Tlp.AmberStrict, "amber+strict")]
    [InlineData(Tlp.Red, "red")]
    public void TlpMarkingDefinitions_AreTheOasisTlp2Objects(Tlp label, string tlp2Value)
    {
        var definition = TlpMarkingDefinitions.For(label);
        Assert.Equal(TlpMarkings.IdFor(label), definition["id"]!.GetValue<string>());
        Assert.Equal("marking-definition", definition["type"]!.GetValue<string>());
        Assert.Equal("2022-10-01T00:00:00.000Z", definition["created"]!.GetValue<string>());
        Assert.Equal(TlpLabels.ToLabelString(label), definition["name"]!.GetValue<string>());
        Assert.False(definition.ContainsKey("definition_type"));
        var extension = definition["extensions"]!["extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"]!;
        Assert.Equal("property-extension", extension["extension_type"]!.GetValue<string>());
        Assert.Equal(tlp2Value, extension["tlp_2_0"]!.GetValue<string>());
        Assert.True(Check(definition, Tlp.Clear).IsValid, "a TLP 2.0 marking object must pass the checker itself");
    }

    [Fact]
    public void TlpMarkingDefinitions_ForEmittedId_KnowsOnlyTheTlp2Ids()
    {
        Assert.NotNull(TlpMarkingDefinitions.ForEmittedId(TlpMarkings.AmberStrict));
        Assert.Null(TlpMarkingDefinitions.ForEmittedId(TlpMarkings.Tlp1Amber));
        Assert.Null(TlpMarkingDefinitions.ForEmittedId(TlpMarkings.OpenCtiAmberStrict));
        Assert.Null(TlpMarkingDefinitions.ForEmittedId("marking-definition--11111111-2222-4333-8444-555555555555"));
    }

    [Fact]
    public void StrictestMarking_CountsGranularAndUnknownMarkings()
    {
        var green = Sample("indicator");
        var amber = Sample("identity");
        amber["object_marking_refs"] = new JsonArray(TlpMarkings.Tlp1Green);
        amber["granular_markings"] = new JsonArray(new JsonObject { ["marking_ref"] = TlpMarkings.OpenCtiAmberStrict, ["selectors"] = new JsonArray("name") });
        Assert.Equal(Tlp.AmberStrict, StixBundleChecker.StrictestMarking([green, amber]));

        var unknown = Sample("note");
        unknown["object_marking_refs"] = new JsonArray("marking-definition--11111111-2222-4333-8444-555555555555");
        Assert.Equal(Tlp.Red, StixBundleChecker.StrictestMarking([green, unknown]));

        var unmarked = Sample("indicator");
        unmarked.Remove("object_marking_refs");
        Assert.Null(StixBundleChecker.StrictestMarking([unmarked]));
    }

    private static StixCheck Check(JsonObject item, Tlp label) => Check([item], label);

    private static StixCheck Check(JsonObject[] items, Tlp label) => StixBundleChecker.Check(Encoding.UTF8.GetBytes(Bundle(items)), label);

    private static string Bundle(params JsonObject[] objects) => new JsonObject
    {
        ["type"] = "bundle",
        ["id"] = BundleId,
        ["objects"] = new JsonArray(objects.Select(o => (JsonNode)o.DeepClone()).ToArray()),
    }.ToJsonString();

    /// <summary>A complete, valid object of <paramref name="type"/>, marked GREEN.</summary>
    internal static JsonObject Sample(string type)
    {
        var item = new JsonObject { ["type"] = type, ["id"] = $"{type}--{Uuid}" };
        var observable = type is "ipv4-addr" or "domain-name" or "url";
        if (!observable)
        {
            item["spec_version"] = "2.1";
            item["created"] = "2026-03-01T12:00:00.000Z";
            if (type != "marking-definition")
            {
                item["modified"] = "2026-03-01T12:00:00.000Z";
            }
        }

        var other = "identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
        switch (type)
        {
            case "indicator":
                item["pattern"] = "[ipv4-addr:value = '198.51.100.7']";
                item["pattern_type"] = "stix";
                item["valid_from"] = "2026-03-01T12:00:00Z";
                break;
            case "report":
                item["name"] = "Phishing wave";
                item["published"] = "2026-03-01T12:00:00Z";
                item["object_refs"] = new JsonArray(other);
                break;
            case "note":
                item["content"] = "seen twice";
                item["object_refs"] = new JsonArray(other);
                break;
            case "identity":
                item["name"] = "Ohio SoS";
                break;
            case "relationship":
                item["relationship_type"] = "indicates";
                item["source_ref"] = other;
                item["target_ref"] = "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
                break;
            case "sighting":
                item["sighting_of_ref"] = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
                break;
            case "marking-definition":
                item["definition_type"] = "statement";
                item["definition"] = new JsonObject { ["statement"] = "Copyright ISAC" };
                return item;
            case "ipv4-addr":
                item["value"] = "198.51.100.7";
                break;
            case "domain-name":
                item["value"] = "evil.example";
                break;
            case "url":
                item["value"] = "https://evil.example/login";
                break;
        }

        item["object_marking_refs"] = new JsonArray(TlpMarkings.Green);
        return item;
    }
}
