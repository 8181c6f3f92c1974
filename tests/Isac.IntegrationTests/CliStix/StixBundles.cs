using System.Text;
using Isac.Core.Labels;

namespace Isac.IntegrationTests.CliStix;

/// <summary>STIX 2.1 bundles for the CLI tests, each with fresh ids.</summary>
internal static class StixBundles
{
    public const string Time = "2026-03-01T12:00:00.000Z";

    /// <summary>An identity, an indicator (with a custom property) and a report, marked as given.</summary>
    public static (byte[] Json, string IdentityId, string IndicatorId, string ReportId) Sample(string indicatorMarking, string reportMarking)
    {
        var identity = $"identity--{Guid.NewGuid()}";
        var indicator = $"indicator--{Guid.NewGuid()}";
        var report = $"report--{Guid.NewGuid()}";
        var json = $$"""
        {
          "type": "bundle",
          "id": "bundle--{{Guid.NewGuid()}}",
          "objects": [
            { "type": "identity", "spec_version": "2.1", "id": "{{identity}}", "created": "{{Time}}", "modified": "{{Time}}",
              "name": "Ohio Secretary of State", "identity_class": "organization", "object_marking_refs": ["{{TlpMarkings.Clear}}"] },
            { "type": "indicator", "spec_version": "2.1", "id": "{{indicator}}", "created": "{{Time}}", "modified": "{{Time}}",
              "created_by_ref": "{{identity}}", "name": "Phishing domain imitating the voter portal", "indicator_types": ["malicious-activity"],
              "pattern": "[domain-name:value = 'voter-update.example']", "pattern_type": "stix", "valid_from": "{{Time}}",
              "x_isac_confidence_note": { "source": "hotline", "score": 87 }, "object_marking_refs": ["{{indicatorMarking}}"] },
            { "type": "report", "spec_version": "2.1", "id": "{{report}}", "created": "{{Time}}", "modified": "{{Time}}",
              "name": "Voter portal phishing", "published": "{{Time}}", "object_refs": ["{{indicator}}"], "object_marking_refs": ["{{reportMarking}}"] }
          ]
        }
        """;
        return (Encoding.UTF8.GetBytes(json), identity, indicator, report);
    }
}
