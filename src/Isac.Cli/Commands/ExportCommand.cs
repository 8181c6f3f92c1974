using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Isac.Cli.Hosting;
using Isac.Core.Labels;
using Isac.Core.Stix;
using Isac.V1;
using Spectre.Console;

namespace Isac.Cli.Commands;

/// <summary>
/// <c>isac export --format stix</c>: the STIX content of the node's inbox as one STIX 2.1 bundle, objects
/// de-duplicated by id and version, with the TLP 2.0 marking-definition objects they reference.
/// </summary>
internal static class ExportCommand
{
    /// <summary>From this many inbox items on, an interactive stderr shows a progress bar.</summary>
    private const ulong ProgressThreshold = 200;

    public static Command Create(CliConsole console)
    {
        var format = new Option<string>("--format") { Description = "The export format (stix: one STIX 2.1 bundle)", HelpName = "FORMAT", Required = true };
        format.AcceptOnlyFromAmong("stix");
        var tlp = CliOptions.Tlp("--tlp", "Only items labelled at most this restrictively", required: false);
        var output = new Option<string>("--out") { Description = "Write the bundle to this file (- for standard output, the default)", HelpName = "FILE", DefaultValueFactory = _ => "-" };
        var node = CliOptions.Node();
        var command = new Command("export", "Export the STIX content of the local node's inbox as one STIX 2.1 bundle")
        {
            format, tlp, output, node,
        };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            Tlp? ceiling = parse.GetResult(tlp) is null ? null : parse.GetValue(tlp);
            var target = parse.GetValue(output) ?? "-";
            var address = parse.GetRequiredValue(node);
            using var channel = NodeChannels.Create(address);
            var client = new Isac.V1.Node.NodeClient(channel);
            var bundle = new StixExport();
            try
            {
                var newest = (await client.ListInboxAsync(new ListInboxRequest { Limit = 1 }, cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
                var last = newest.Count == 0 ? 0UL : newest[0].LocalPosition;
                if (last > 0)
                {
                    await WithProgressAsync(console, last, progress => ReadInboxAsync(client, last, ceiling, bundle, progress, cancellationToken)).ConfigureAwait(false);
                }
            }
            catch (RpcException e) when (NodeChannels.DescribeUnavailable(e, address) is { } hint)
            {
                throw new CliException(hint, e);
            }

            var (json, count) = bundle.Build();
            var summary = $"Exported {count} STIX object(s) from {bundle.ItemCount} inbox item(s)";
            if (target == "-")
            {
                await console.Output.WriteLineAsync(json).ConfigureAwait(false);
                await console.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
                await console.Error.WriteLineAsync(summary + ".").ConfigureAwait(false);
            }
            else
            {
                await File.WriteAllTextAsync(target, json + "\n", cancellationToken).ConfigureAwait(false);
                console.Line($"{summary} to {target}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Every inbox item up to position <paramref name="last"/>, oldest first. ListInbox returns the newest items
    /// and has no cursor, so the items are paged by the inbox's own stream from position 0 (it sends them in
    /// batches) and the stream is closed once it reaches the newest item seen at the start.
    /// </summary>
    private static async Task ReadInboxAsync(Isac.V1.Node.NodeClient client, ulong last, Tlp? ceiling, StixExport bundle, Action<ulong> progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watch = client.WatchInbox(new WatchInboxRequest { AfterPosition = 0 }, cancellationToken: stop.Token);
        await foreach (var item in watch.ResponseStream.ReadAllAsync(stop.Token).ConfigureAwait(false))
        {
            if (item.Gap is null
                && item.ContentType.StartsWith("application/stix+json", StringComparison.OrdinalIgnoreCase)
                && (ceiling is null || (TlpLabels.TryFromWire(item.Tlp, out var label) && label <= ceiling)))
            {
                bundle.Add(item.Payload.Span);
            }

            progress(item.LocalPosition);
            if (item.LocalPosition >= last)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> with a progress bar on stderr for a large export on a terminal, never on stdout or in CI.</summary>
    private static async Task WithProgressAsync(CliConsole console, ulong total, Func<Action<ulong>, Task> work)
    {
        if (total < ProgressThreshold || !ReferenceEquals(console.Error, Console.Error) || Console.IsErrorRedirected || Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            await work(_ => { }).ConfigureAwait(false);
            return;
        }

        // stderr is a terminal (checked above); Spectre's own detection also looks at stdin, which may be a pipe.
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        await stderr.Progress()
            .AutoClear(true)
            .StartAsync(async context =>
            {
                var task = context.AddTask("Reading the inbox", maxValue: total);
                await work(position => task.Value = Math.Min(position, total)).ConfigureAwait(false);
                task.Value = total;
            })
            .ConfigureAwait(false);
    }

    /// <summary>The bundle being built: objects in arrival order, each id and version once, plus the TLP 2.0 definitions.</summary>
    private sealed class StixExport
    {
        private readonly List<JsonObject> _objects = [];
        private readonly HashSet<string> _versions = new(StringComparer.Ordinal);

        public int ItemCount { get; private set; }

        public void Add(ReadOnlySpan<byte> payload)
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(payload);
            }
            catch (JsonException)
            {
                return; // the node verified the bundle's signature, not its content: a malformed payload is skipped
            }

            if (root is not JsonObject { } bundle || bundle["objects"] is not JsonArray objects)
            {
                return;
            }

            ItemCount++;
            foreach (var item in objects.OfType<JsonObject>().ToList())
            {
                var key = $"{Text(item, "id")}|{Text(item, "modified") ?? Text(item, "created")}";
                if (Text(item, "id") is not null && _versions.Add(key))
                {
                    objects.Remove(item);
                    _objects.Add(item);
                }
            }
        }

        /// <summary>The bundle's JSON and its number of objects (marking definitions included).</summary>
        public (string Json, int Objects) Build()
        {
            var defined = _objects.Select(o => Text(o, "id")).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var referenced = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var item in _objects)
            {
                if (item["object_marking_refs"] is JsonArray refs)
                {
                    referenced.UnionWith(refs.OfType<JsonValue>().Select(r => r.TryGetValue<string>(out var id) ? id : null).OfType<string>());
                }

                if (item["granular_markings"] is JsonArray granular)
                {
                    referenced.UnionWith(granular.OfType<JsonObject>().Select(g => Text(g, "marking_ref")).OfType<string>());
                }
            }

            var all = new JsonArray();
            foreach (var marking in referenced.Where(m => !defined.Contains(m)))
            {
                if (TlpMarkingDefinitions.ForEmittedId(marking) is { } definition)
                {
                    all.Add(definition);
                }
            }

            foreach (var item in _objects)
            {
                all.Add(item);
            }

            var bundle = new JsonObject
            {
                ["type"] = "bundle",
                ["id"] = $"bundle--{Guid.NewGuid()}",
                ["objects"] = all,
            };
            return (bundle.ToJsonString(), all.Count);
        }

        private static string? Text(JsonObject item, string property) =>
            item[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }
}
