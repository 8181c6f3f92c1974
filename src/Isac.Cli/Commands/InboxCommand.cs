using System.CommandLine;
using Grpc.Core;
using Isac.Cli.Hosting;
using Isac.Core.Labels;
using Isac.V1;

namespace Isac.Cli.Commands;

/// <summary><c>isac inbox</c>: the node's verified inbox, oldest first, with a coloured TLP banner per item.</summary>
internal static class InboxCommand
{
    public static Command Create(CliConsole console)
    {
        var tlp = CliOptions.Tlp("--tlp", "Only items with this label", required: false);
        var kind = CliOptions.Kind(required: false, defaultKind: null);
        var sender = CliOptions.Id("--sender", "Only items from this member", required: false);
        var limit = new Option<int>("--limit") { Description = "At most this many items (1 to 1000)", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--limit must be between 1 and 1000");
            }
        });
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep watching and print new items as they arrive (Ctrl+C stops)" };
        var full = new Option<bool>("--full") { Description = "Print whole payloads, not the first 20 lines" };
        var node = CliOptions.Node();
        var command = new Command("inbox", "Show the verified items in the local node's inbox")
        {
            tlp, kind, sender, limit, follow, full, node,
        };
        CommandAction.Set(command, console, async (parse, cancellationToken) =>
        {
            var request = new ListInboxRequest
            {
                Tlp = parse.GetResult(tlp) is null ? TlpLabel.Unspecified : TlpLabels.ToWire(parse.GetValue(tlp)),
                Kind = parse.GetValue(kind),
                Sender = parse.GetValue(sender) ?? string.Empty,
                Limit = (uint)parse.GetValue(limit),
            };
            var address = parse.GetRequiredValue(node);
            var printFull = parse.GetValue(full);
            using var channel = NodeChannels.Create(address);
            var client = new Isac.V1.Node.NodeClient(channel);
            try
            {
                var items = (await client.ListInboxAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
                foreach (var item in items.OrderBy(i => i.LocalPosition))
                {
                    InboxRenderer.Write(console.Out, item, printFull);
                }

                if (!parse.GetValue(follow))
                {
                    console.Line($"{items.Count} item(s).");
                    return ExitCodes.Ok;
                }

                var after = items.Count == 0 ? 0UL : items.Max(i => i.LocalPosition);
                console.Line("Watching for new items (Ctrl+C stops)...");
                using var watch = client.WatchInbox(new WatchInboxRequest { AfterPosition = after }, cancellationToken: cancellationToken);
                await foreach (var item in watch.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (Matches(item, request))
                    {
                        InboxRenderer.Write(console.Out, item, printFull);
                    }
                }

                return ExitCodes.Ok;
            }
            catch (RpcException e) when (NodeChannels.DescribeUnavailable(e, address) is { } hint)
            {
                throw new CliException(hint, e);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    /// <summary>The list filters applied to watched items too (the watch itself has none).</summary>
    private static bool Matches(InboxItem item, ListInboxRequest filter) =>
        item.Gap is not null
        || ((filter.Tlp == TlpLabel.Unspecified || item.Tlp == filter.Tlp)
            && (filter.Kind == BundleKind.Unspecified || item.Kind == filter.Kind)
            && (filter.Sender.Length == 0 || item.SenderMemberId == filter.Sender));
}
