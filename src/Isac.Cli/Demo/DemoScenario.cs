using System.Globalization;
using System.Text;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.V1;

namespace Isac.Cli.Demo;

/// <summary>
/// The demo's federation and script: a national CERT, two local election offices in different states (one
/// cleared for AMBER, one for RED) and a voting-system vendor cleared for GREEN. The expected matrix follows
/// from DESIGN.md section 2 and is checked against what each node's inbox really holds.
/// </summary>
internal static class DemoScenario
{
    public const string Cert = "cert-national";
    public const string OfficeOhio = "office-ohio";
    public const string OfficeTexas = "office-texas";
    public const string Vendor = "vendor-acme";
    public const string ExerciseId = "isac-demo";

    public static readonly DemoMember[] Members =
    [
        new(Cert, "national-cert", Tlp.Red, Role.Cert, ["election-sector"]),
        new(OfficeOhio, "ohio-sos", Tlp.Amber, Role.ElectionOffice, ["election-sector", "state:ohio"]),
        new(OfficeTexas, "texas-sos", Tlp.Red, Role.ElectionOffice, ["election-sector", "state:texas"]),
        new(Vendor, "acme-voting", Tlp.Green, Role.Vendor, ["election-sector", "vendors"]),
    ];

    public static readonly DemoStep AmberIndicators = new("indicators", Cert, Tlp.Amber, BundleKind.Indicator, ["state:ohio", "state:texas"], [], [OfficeOhio, OfficeTexas]);
    public static readonly DemoStep GreenBulletin = new("bulletin", Cert, Tlp.Green, BundleKind.Bulletin, ["election-sector"], [], [OfficeOhio, OfficeTexas, Vendor]);
    public static readonly DemoStep RedNote = new("red note", Cert, Tlp.Red, BundleKind.Advisory, [], [OfficeTexas], [OfficeTexas]);
    public static readonly DemoStep RedForward = new("red forward", OfficeTexas, Tlp.Red, BundleKind.Advisory, [], [Cert], []);
    public static readonly DemoStep Replayed = new("sitrep (replayed)", Cert, Tlp.Green, BundleKind.Sitrep, ["election-sector"], [], [OfficeOhio, OfficeTexas, Vendor]);
    public static readonly DemoStep ClearNotice = new("end notice", Cert, Tlp.Clear, BundleKind.Bulletin, [], [], [OfficeOhio, OfficeTexas, Vendor]);

    /// <summary>Every step, in the order it runs.</summary>
    public static readonly DemoStep[] Steps = [AmberIndicators, GreenBulletin, RedNote, RedForward, Replayed, ClearNotice];

    /// <summary>A STIX 2.1 bundle of two indicators marked TLP:AMBER (TLP 2.0 marking definition).</summary>
    public static byte[] IndicatorBundle(DateTimeOffset now)
    {
        var time = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var json = $$"""
        {
          "type": "bundle",
          "id": "bundle--{{Guid.NewGuid()}}",
          "objects": [
            {
              "type": "indicator",
              "spec_version": "2.1",
              "id": "indicator--{{Guid.NewGuid()}}",
              "created": "{{time}}",
              "modified": "{{time}}",
              "name": "Phishing domain imitating the state voter-registration portal",
              "indicator_types": ["malicious-activity"],
              "pattern": "[domain-name:value = 'voter-registration-update.example']",
              "pattern_type": "stix",
              "valid_from": "{{time}}",
              "object_marking_refs": ["{{TlpMarkings.Amber}}"]
            },
            {
              "type": "indicator",
              "spec_version": "2.1",
              "id": "indicator--{{Guid.NewGuid()}}",
              "created": "{{time}}",
              "modified": "{{time}}",
              "name": "Scanner probing election-night results servers",
              "indicator_types": ["anomalous-activity"],
              "pattern": "[ipv4-addr:value = '203.0.113.66']",
              "pattern_type": "stix",
              "valid_from": "{{time}}",
              "object_marking_refs": ["{{TlpMarkings.Amber}}"]
            }
          ]
        }
        """;
        return Encoding.UTF8.GetBytes(json);
    }

    public static byte[] Markdown(string text) => Encoding.UTF8.GetBytes(text);
}
