using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Isac.Core.Labels;
using Isac.Core.Stix;

namespace Isac.Cli.Commands;

/// <summary><c>isac stix validate</c>: checks a STIX 2.1 bundle as the node would before sealing it.</summary>
internal static class StixCommand
{
    public static Command Create(CliConsole console)
    {
        var tlp = CliOptions.Tlp("--tlp", "Also check the marking floor: no object may be marked more restrictively than this envelope label", required: false);
        var file = new Argument<string>("FILE") { Description = "A STIX 2.1 bundle (JSON); - reads standard input" };
        var validate = new Command("validate", "Check a STIX 2.1 bundle: required properties, identifiers, timestamps, markings")
        {
            tlp, file,
        };
        CommandAction.Set(validate, console, async (parse, cancellationToken) =>
        {
            var path = parse.GetRequiredValue(file);
            var payload = await PublishCommand.ReadPayloadAsync(path, cancellationToken).ConfigureAwait(false);
            Tlp? label = parse.GetResult(tlp) is null ? null : parse.GetValue(tlp);
            var problems = Problems(payload, label ?? Tlp.Red);
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await console.Error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
                }

                await console.Error.WriteLineAsync($"{(path == "-" ? "standard input" : path)}: {problems.Count} problem(s), not a valid STIX 2.1 bundle").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            console.Line(Summary(payload, label));
            return ExitCodes.Ok;
        });
        return new Command("stix", "Work with STIX 2.1 bundles") { validate };
    }

    /// <summary>
    /// Every problem of the bundle: the checker stops at the first one, so an object it blames is taken out and the
    /// rest checked again, until the bundle passes or a problem names no object (the bundle itself is wrong).
    /// </summary>
    internal static IReadOnlyList<StixCheck> Problems(byte[] payload, Tlp envelopeLabel)
    {
        var problems = new List<StixCheck>();
        var current = payload;
        while (true)
        {
            var check = StixBundleChecker.Check(current, envelopeLabel);
            if (check.IsValid)
            {
                return problems;
            }

            problems.Add(check);
            if (check.ObjectId is not { } blamed || Without(current, blamed) is not { } rest)
            {
                return problems;
            }

            current = rest;
        }
    }

    private static byte[]? Without(byte[] bundle, string objectId)
    {
        if (JsonNode.Parse(bundle) is not JsonObject root || root["objects"] is not JsonArray objects)
        {
            return null;
        }

        var removed = objects.OfType<JsonObject>().Where(o => o["id"] is JsonValue id && id.TryGetValue<string>(out var text) && text == objectId).ToList();
        if (removed.Count == 0)
        {
            return null;
        }

        foreach (var item in removed)
        {
            objects.Remove(item);
        }

        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    private static string Summary(byte[] payload, Tlp? label)
    {
        var root = (JsonObject)JsonNode.Parse(payload)!;
        var objects = (root["objects"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var byType = objects
            .GroupBy(o => o["type"]!.GetValue<string>(), StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}");
        var strictest = StixBundleChecker.StrictestMarking(objects);
        var marking = strictest is { } s ? $"strictest marking {TlpLabels.ToLabelString(s)}" : "no TLP marking";
        var unmarked = label is { } l && objects.Any(o => o["object_marking_refs"] is null && o["granular_markings"] is null && o["type"]!.GetValue<string>() != "marking-definition")
            ? $" (unmarked objects would carry {TlpLabels.ToLabelString(l)})"
            : string.Empty;
        var types = objects.Count == 0 ? "no objects" : $"{objects.Count} object(s): {string.Join(", ", byType)}";
        var envelope = label is { } e ? $"; fits under {TlpLabels.ToLabelString(e)}" : string.Empty;
        return $"OK {root["id"]!.GetValue<string>()}: {types}; {marking}{unmarked}{envelope}";
    }
}
