using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Isac.Core.Labels;
using Isac.Core.Wire;

namespace Isac.Core.Stix;

/// <summary>
/// Checks a STIX 2.1 bundle before it is sealed: the required properties of the bundle and of every object, and
/// the marking floor of DESIGN.md section 2. The envelope label must be at least as restrictive as the strictest
/// TLP marking of any object (object or granular markings); a marking that is not one of the pinned TLP
/// marking-definition ids counts as TLP:RED, except a statement marking defined in the bundle itself (a copyright
/// or terms notice, which restricts nothing). Objects without markings get the envelope label's marking.
/// </summary>
public static partial class StixBundleChecker
{
    /// <summary>The content type of a STIX 2.1 payload.</summary>
    public const string ContentType = "application/stix+json;version=2.1";

    private const int MaxDepth = 64;

    /// <summary>Checks <paramref name="json"/> for sealing under <paramref name="envelopeLabel"/>.</summary>
    public static StixCheck Check(ReadOnlySpan<byte> json, Tlp envelopeLabel) => Check(json, envelopeLabel, WireLimits.MaxPayloadBytes);

    /// <summary>
    /// Checks <paramref name="json"/> for sealing under <paramref name="envelopeLabel"/>, refusing it unparsed
    /// when it is larger than <paramref name="maxBytes"/>.
    /// </summary>
    public static StixCheck Check(ReadOnlySpan<byte> json, Tlp envelopeLabel, int maxBytes)
    {
        if (!TlpLabels.IsDefined(envelopeLabel))
        {
            throw new ArgumentOutOfRangeException(nameof(envelopeLabel), envelopeLabel, "Not a TLP label.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (json.Length > maxBytes)
        {
            return StixCheck.Refused(StixError.TooLarge, $"the bundle is {json.Length} bytes, above the limit of {maxBytes} bytes: split it into smaller bundles");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            return StixCheck.Refused(StixError.MalformedJson, $"the payload is not valid JSON: {ex.Message}");
        }

        if (root is not JsonObject bundle || Text(bundle, "type") != "bundle")
        {
            return StixCheck.Refused(StixError.NotABundle, "the payload is not a STIX bundle (a JSON object with \"type\": \"bundle\")");
        }

        if (Text(bundle, "id") is not { } bundleId || !IsIdentifier(bundleId, "bundle"))
        {
            return StixCheck.Refused(StixError.InvalidProperty, "the bundle needs an \"id\" of the form bundle--<uuid>");
        }

        var objects = new List<JsonObject>();
        if (bundle["objects"] is { } objectsNode)
        {
            if (objectsNode is not JsonArray array)
            {
                return StixCheck.Refused(StixError.InvalidProperty, $"\"objects\" of {bundleId} must be an array");
            }

            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject item)
                {
                    return StixCheck.Refused(StixError.InvalidProperty, $"object #{i} of {bundleId} is not a JSON object");
                }

                objects.Add(item);
            }
        }

        foreach (var item in objects)
        {
            var refusal = CheckObject(item);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        var statements = objects
            .Where(o => Text(o, "type") == "marking-definition" && Text(o, "definition_type") == "statement")
            .Select(o => Text(o, "id")!)
            .ToHashSet(StringComparer.Ordinal);

        var changed = false;
        foreach (var item in objects)
        {
            var id = Text(item, "id")!;
            var refs = MarkingRefs(item);
            foreach (var marking in refs)
            {
                var label = LabelOfMarking(marking, statements);
                if (label is { } l && l > envelopeLabel)
                {
                    var name = TlpMarkings.TryGetLabel(marking, out _) ? TlpLabels.ToLabelString(l) : $"an unknown marking (counted as {TlpLabels.ToLabelString(Tlp.Red)})";
                    return StixCheck.Refused(
                        StixError.MarkingAboveLabel,
                        $"object {id} is marked {name} ({marking}), more restrictive than the envelope label {TlpLabels.ToLabelString(envelopeLabel)}: raise the label or remove the object",
                        id);
                }
            }

            if (refs.Count == 0 && Text(item, "type") != "marking-definition")
            {
                item["object_marking_refs"] = new JsonArray(TlpMarkings.IdFor(envelopeLabel));
                changed = true;
            }
        }

        return StixCheck.Accepted(changed ? JsonSerializer.SerializeToUtf8Bytes(bundle) : json.ToArray());
    }

    private static StixCheck? CheckObject(JsonObject item)
    {
        var type = Text(item, "type");
        if (type is null || !TypePattern().IsMatch(type))
        {
            return StixCheck.Refused(StixError.MissingProperty, $"an object has no valid \"type\" (id {Text(item, "id") ?? "missing"})", Text(item, "id"));
        }

        var id = Text(item, "id");
        if (id is null || !IsIdentifier(id, type))
        {
            return StixCheck.Refused(StixError.InvalidProperty, $"a {type} object needs an \"id\" of the form {type}--<uuid>, not '{id ?? "missing"}'", id);
        }

        var observable = StixObjectRules.CyberObservables.Contains(type);
        var specVersion = Text(item, "spec_version");
        if (specVersion is null && !observable)
        {
            return StixCheck.Refused(StixError.MissingProperty, $"object {id} has no \"spec_version\" (STIX 2.1 requires it)", id);
        }

        if (item.ContainsKey("spec_version") && specVersion != "2.1")
        {
            return StixCheck.Refused(StixError.InvalidProperty, $"object {id} has \"spec_version\" '{specVersion}', not '2.1'", id);
        }

        var required = new List<string>();
        if (!observable)
        {
            required.Add("created");
            if (type != "marking-definition")
            {
                required.Add("modified");
            }
        }

        if (StixObjectRules.Required.TryGetValue(type, out var specific))
        {
            required.AddRange(specific);
        }

        var missing = required.FirstOrDefault(p => item[p] is null);
        if (missing is not null)
        {
            return StixCheck.Refused(StixError.MissingProperty, $"object {id} ({type}) lacks the required property \"{missing}\"", id);
        }

        foreach (var property in StixObjectRules.Timestamps)
        {
            if (item.ContainsKey(property) && !IsTimestamp(Text(item, property)))
            {
                return StixCheck.Refused(StixError.InvalidProperty, $"object {id}: \"{property}\" is not an RFC 3339 UTC timestamp (e.g. 2026-03-01T12:00:00.000Z)", id);
            }
        }

        return CheckMarkingShape(item, id);
    }

    private static StixCheck? CheckMarkingShape(JsonObject item, string id)
    {
        if (item["object_marking_refs"] is { } refs && (refs is not JsonArray array || array.Any(r => !IsMarkingRef(r))))
        {
            return StixCheck.Refused(StixError.InvalidProperty, $"object {id}: \"object_marking_refs\" must be a list of marking-definition ids", id);
        }

        if (item["granular_markings"] is { } granular)
        {
            if (granular is not JsonArray list || list.Any(g => g is not JsonObject o || !IsMarkingRef(o["marking_ref"]) && o["lang"] is null))
            {
                return StixCheck.Refused(StixError.InvalidProperty, $"object {id}: each of \"granular_markings\" needs a \"marking_ref\" (or \"lang\")", id);
            }
        }

        return null;
    }

    private static List<string> MarkingRefs(JsonObject item)
    {
        var refs = new List<string>();
        if (item["object_marking_refs"] is JsonArray objectRefs)
        {
            refs.AddRange(objectRefs.Select(r => r!.GetValue<string>()));
        }

        if (item["granular_markings"] is JsonArray granular)
        {
            refs.AddRange(granular.OfType<JsonObject>().Select(g => g["marking_ref"]).Where(r => r is not null).Select(r => r!.GetValue<string>()));
        }

        return refs;
    }

    private static Tlp? LabelOfMarking(string marking, HashSet<string> statements)
    {
        if (TlpMarkings.TryGetLabel(marking, out var label))
        {
            return label;
        }

        return statements.Contains(marking) ? null : Tlp.Red;
    }

    private static bool IsMarkingRef(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && IsIdentifier(text, "marking-definition");

    private static string? Text(JsonObject item, string property) =>
        item[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool IsIdentifier(string text, string type) =>
        text.Length == type.Length + 2 + 36
        && text.StartsWith(type, StringComparison.Ordinal)
        && text.AsSpan(type.Length).StartsWith("--", StringComparison.Ordinal)
        && Guid.TryParseExact(text.AsSpan(type.Length + 2), "D", out _);

    private static bool IsTimestamp(string? text) =>
        text is not null
        && TimestampPattern().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    // RFC 3339 in UTC as STIX 2.1 writes it: a "T" separator, any (or no) fraction of a second, "Z".
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();
}
