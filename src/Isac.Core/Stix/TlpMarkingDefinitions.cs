using System.Text.Json.Nodes;
using Isac.Core.Labels;

namespace Isac.Core.Stix;

/// <summary>
/// The OASIS TLP 2.0 marking-definition objects (cti-stix-common-objects, extension-definition-specifications/tlp-2.0),
/// emitted beside objects that reference them: a STIX 2.1 consumer that does not predefine TLP 2.0 needs the object
/// itself to know what the id means. They carry the TLP 2.0 property extension and no <c>definition_type</c>.
/// </summary>
public static class TlpMarkingDefinitions
{
    /// <summary>The OASIS TLP 2.0 extension-definition id.</summary>
    public const string ExtensionDefinitionId = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    /// <summary>The <c>created</c> timestamp of every TLP 2.0 marking object (part of the published object).</summary>
    public const string Created = "2022-10-01T00:00:00.000Z";

    /// <summary>The TLP 2.0 marking-definition object for <paramref name="label"/>, as a new JSON node.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> is not a defined label.</exception>
    public static JsonObject For(Tlp label) => new()
    {
        ["type"] = "marking-definition",
        ["spec_version"] = "2.1",
        ["id"] = TlpMarkings.IdFor(label),
        ["created"] = Created,
        ["name"] = TlpLabels.ToLabelString(label),
        ["extensions"] = new JsonObject
        {
            [ExtensionDefinitionId] = new JsonObject
            {
                ["extension_type"] = "property-extension",
                ["tlp_2_0"] = TlpLabels.ToLabelString(label)["TLP:".Length..].ToLowerInvariant(),
            },
        },
    };

    /// <summary>
    /// The TLP 2.0 object for a marking id emitted by this node (one of the five TLP 2.0 ids); null for any
    /// other id (TLP 1.0 ids are predefined by STIX 2.1 and need no object).
    /// </summary>
    public static JsonObject? ForEmittedId(string markingDefinitionId) =>
        TlpMarkings.TryGetLabel(markingDefinitionId, out var label) && TlpMarkings.IdFor(label) == markingDefinitionId ? For(label) : null;
}
