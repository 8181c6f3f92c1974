using System.Text.Json.Nodes;
using Isac.Core.Labels;

namespace Isac.Core.Stix;

public static partial class StixBundleChecker
{
    /// <summary>
    /// The strictest TLP label any of <paramref name="objects"/> is marked with (object and granular markings;
    /// an unknown marking counts as TLP:RED, a statement marking defined among the objects counts as nothing);
    /// null when none of them carries a marking. Malformed marking lists count as TLP:RED (fail closed).
    /// </summary>
    public static Tlp? StrictestMarking(IEnumerable<JsonObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var list = objects.ToList();
        var statements = list
            .Where(o => Text(o, "type") == "marking-definition" && Text(o, "definition_type") == "statement")
            .Select(o => Text(o, "id"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        Tlp? strictest = null;
        foreach (var item in list)
        {
            if (CheckMarkingShape(item, Text(item, "id") ?? string.Empty) is not null)
            {
                return Tlp.Red;
            }

            foreach (var marking in MarkingRefs(item))
            {
                if (LabelOfMarking(marking, statements) is { } label && (strictest is null || label > strictest))
                {
                    strictest = label;
                }
            }
        }

        return strictest;
    }
}
