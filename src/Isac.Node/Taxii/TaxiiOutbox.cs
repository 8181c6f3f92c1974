using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Isac.Core.Labels;
using Isac.Core.Stix;
using Isac.Node.Configuration;
using Isac.Node.Hosting;
using Isac.Node.LocalStore;
using Isac.Node.Publishing;
using Isac.V1;
using Microsoft.Extensions.Options;

namespace Isac.Node.Taxii;

/// <summary>
/// The writable <c>outbox</c> collection: checks each POSTed object on its own (a bad object fails alone, with its
/// reason), seals the good ones into one STIX bundle through the node's publisher (persisted to the outbox before
/// anything is sent) and reports each object's fate from the bundle's outbox state.
/// </summary>
internal sealed class TaxiiOutbox(NodePublisher publisher, NodeRuntime runtime, TaxiiIndex index, IOptions<TaxiiOptions> options, TimeProvider time)
{
    /// <summary>Checks, publishes and records the POSTed <paramref name="objects"/>; returns the stored status.</summary>
    public async Task<TaxiiStatusRecord> PostAsync(TaxiiUser user, IReadOnlyList<JsonElement> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(objects);
        var settings = options.Value;
        var failures = new List<TaxiiStatusDetail>();
        var parsed = new List<(JsonObject Node, string Raw, TaxiiStatusDetail Detail)>();
        for (var i = 0; i < objects.Count; i++)
        {
            var raw = objects[i].GetRawText();
            if (JsonNode.Parse(raw) is not JsonObject node)
            {
                failures.Add(new TaxiiStatusDetail($"object #{i}", null, "not a JSON object"));
                continue;
            }

            var id = (node["id"] as JsonValue)?.TryGetValue<string>(out var text) == true ? text : $"object #{i}";
            var version = Text(node, "modified") ?? Text(node, "created");
            parsed.Add((node, raw, new TaxiiStatusDetail(id, version, null)));
        }

        var markings = parsed.Where(p => Text(p.Node, "type") == "marking-definition").Select(p => p.Node).ToList();

        // Structure first (at RED no marking can be above the label), then the marking floor under the chosen label.
        var good = Refuse(parsed, markings, Tlp.Red, settings.MaxContentLength, failures);
        var label = settings.Outbox.Label is { } configured
            ? TlpLabels.Parse(configured)
            : StixBundleChecker.StrictestMarking(good.Select(g => g.Node)) ?? Tlp.AmberStrict;
        good = Refuse(good, markings, label, settings.MaxContentLength, failures);

        var record = new TaxiiStatusRecord(Guid.NewGuid().ToString(), time.GetUtcNow(), good.Select(g => g.Detail).ToList(), failures, null);
        byte[]? bundleId = null;
        if (good.Count > 0)
        {
            var request = new NodePublishRequest
            {
                Kind = BundleKind.Indicator,
                ContentType = StixBundleChecker.ContentType,
                Payload = ByteString.CopyFrom(BundleOf(good.Select(g => g.Raw))),
                Tlp = TlpLabels.ToWire(label),
                Communities = { settings.Outbox.Communities },
                Members = { settings.Outbox.Members },
            };
            try
            {
                bundleId = (await publisher.PublishAsync(request, cancellationToken).ConfigureAwait(false)).BundleId.ToByteArray();
            }
            catch (NodeRefusalException ex)
            {
                record = record with { PublishFailure = $"the node refused to publish the bundle as {TlpLabels.ToLabelString(label)}: {ex.Message}" };
            }
        }

        await index.SaveStatusAsync(record, user.Name, bundleId, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Each object's fate now: the sent objects follow their bundle through the outbox (and any re-seal).</summary>
    public async Task<(List<TaxiiStatusDetail> Successes, List<TaxiiStatusDetail> Failures, List<TaxiiStatusDetail> Pendings)> ResolveAsync(
        TaxiiStatusRecord record, byte[]? bundleId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var failures = record.Failures.ToList();
        if (record.PublishFailure is { } refused)
        {
            failures.AddRange(record.Sent.Select(s => s with { Message = refused }));
            return ([], failures, []);
        }

        var entry = bundleId is null ? null : await runtime.Store.GetOutboxItemAsync(bundleId, cancellationToken).ConfigureAwait(false);
        while (entry is { State: OutboxState.Superseded }
            && await runtime.Store.FindOutboxSuccessorAsync(entry.Id, cancellationToken).ConfigureAwait(false) is { } successor)
        {
            entry = await runtime.Store.GetOutboxItemAsync(successor, cancellationToken).ConfigureAwait(false);
        }

        switch (entry?.State)
        {
            case OutboxState.Published:
                return (record.Sent.ToList(), failures, []);
            case OutboxState.Failed:
                failures.AddRange(record.Sent.Select(s => s with { Message = $"the broker refused the bundle: {entry.LastError}" }));
                return ([], failures, []);
            default:
                return ([], failures, record.Sent.ToList());
        }
    }

    private static List<(JsonObject Node, string Raw, TaxiiStatusDetail Detail)> Refuse(
        List<(JsonObject Node, string Raw, TaxiiStatusDetail Detail)> items, List<JsonObject> markings, Tlp label, int maxBytes, List<TaxiiStatusDetail> failures)
    {
        var kept = new List<(JsonObject Node, string Raw, TaxiiStatusDetail Detail)>();
        foreach (var item in items)
        {
            var context = markings.Where(m => !ReferenceEquals(m, item.Node)).Select(m => JsonNode.Parse(m.ToJsonString())!);
            var bundle = new JsonObject
            {
                ["type"] = "bundle",
                ["id"] = $"bundle--{Guid.NewGuid()}",
                ["objects"] = new JsonArray([JsonNode.Parse(item.Raw), .. context]),
            };
            var check = StixBundleChecker.Check(JsonSerializer.SerializeToUtf8Bytes(bundle), label, maxBytes);
            if (check.IsValid)
            {
                kept.Add(item);
            }
            else
            {
                failures.Add(item.Detail with { Message = $"{check.Error}: {check.Message}" });
            }
        }

        return kept;
    }

    private static byte[] BundleOf(IEnumerable<string> rawObjects) =>
        Encoding.UTF8.GetBytes($"{{\"type\":\"bundle\",\"id\":\"bundle--{Guid.NewGuid()}\",\"objects\":[{string.Join(',', rawObjects)}]}}");

    private static string? Text(JsonObject node, string property) =>
        node[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
