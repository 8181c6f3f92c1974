using System.Text;
using System.Text.Json.Nodes;
using Isac.Core.Labels;
using Isac.Node.LocalStore;
using Isac.V1;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Taxii;

/// <summary>STIX objects for the TAXII tests, and direct inserts into a node's inbox for volume.</summary>
public static class TaxiiStix
{
    public static string ObjectsPath(string collection, string query = "") =>
        $"/taxii2/api/collections/{collection}/objects/" + (query.Length == 0 ? string.Empty : "?" + query);

    public static JsonObject Indicator(string marking, string? id = null, string modified = "2026-03-01T12:00:00.000Z") => new()
    {
        ["type"] = "indicator",
        ["spec_version"] = "2.1",
        ["id"] = id ?? $"indicator--{Guid.NewGuid()}",
        ["created"] = "2026-03-01T12:00:00.000Z",
        ["modified"] = modified,
        ["pattern"] = "[ipv4-addr:value = '198.51.100.7']",
        ["pattern_type"] = "stix",
        ["valid_from"] = "2026-03-01T12:00:00Z",
        ["object_marking_refs"] = new JsonArray(marking),
    };

    /// <summary>A custom object of <paramref name="type"/> (x-...), marked <paramref name="marking"/>.</summary>
    public static JsonObject Custom(string type, string marking, string? id = null, string modified = "2026-03-01T12:00:00.000Z", int serial = 0) => new()
    {
        ["type"] = type,
        ["spec_version"] = "2.1",
        ["id"] = id ?? $"{type}--{Guid.NewGuid()}",
        ["created"] = "2026-03-01T12:00:00.000Z",
        ["modified"] = modified,
        ["x_serial"] = serial,
        ["object_marking_refs"] = new JsonArray(marking),
    };

    /// <summary>A TAXII envelope of the objects' compact JSON (what the test posts, byte for byte).</summary>
    public static string Envelope(IEnumerable<string> rawObjects) => $"{{\"objects\":[{string.Join(',', rawObjects)}]}}";

    /// <summary>Adds bundles of <paramref name="perBundle"/> objects to the inbox as if delivered at <paramref name="label"/>.</summary>
    internal static async Task InsertAsync(NodeStore store, Tlp label, IReadOnlyList<JsonObject> objects, int perBundle)
    {
        for (var i = 0; i < objects.Count; i += perBundle)
        {
            var bundle = new JsonObject
            {
                ["type"] = "bundle",
                ["id"] = $"bundle--{Guid.NewGuid()}",
                ["objects"] = new JsonArray(objects.Skip(i).Take(perBundle).Select(o => (JsonNode)o.DeepClone()).ToArray()),
            };
            var now = DateTimeOffset.UtcNow;
            var added = await store.TryAddInboxAsync(new InboxBundle(
                Guid.NewGuid().ToByteArray(),
                "cert-national",
                label,
                BundleKind.Indicator,
                "application/stix+json;version=2.1",
                string.Empty,
                new Audience(["election-sector"], []),
                now,
                now,
                null,
                null,
                0,
                Encoding.UTF8.GetBytes(bundle.ToJsonString()),
                [1]));
            Assert.True(added);
        }
    }
}
