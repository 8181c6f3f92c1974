using Google.Protobuf;
using Isac.V1;

namespace Isac.IntegrationTests.Node;

/// <summary>Reads a node's inbox through its local API, waiting (with a generous bound) for deliveries to arrive.</summary>
public static class NodeInbox
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<InboxItem>> AllAsync(TestNode node)
    {
        var response = await node.Client.ListInboxAsync(new ListInboxRequest { Limit = 1000 });
        return response.Items;
    }

    /// <summary>Waits until every id in <paramref name="ids"/> is in the inbox, then returns the whole inbox.</summary>
    public static async Task<IReadOnlyList<InboxItem>> WaitForAsync(TestNode node, IEnumerable<ByteString> ids)
    {
        var wanted = ids.ToHashSet();
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var items = await AllAsync(node);
            if (wanted.IsSubsetOf(items.Select(i => i.BundleId)))
            {
                return items;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                var missing = wanted.Except(items.Select(i => i.BundleId)).Count();
                var log = string.Join(Environment.NewLine, node.Logs.Entries.TakeLast(30).Select(e => $"{e.Level} {e.Category}: {e.Message}"));
                throw new TimeoutException($"{missing} of {wanted.Count} bundles did not reach {node.MemberId} within {Patience}. Its last log lines:{Environment.NewLine}{log}");
            }

            await Task.Delay(100);
        }
    }

    public static ByteString Markdown(string text) => ByteString.CopyFromUtf8(text);
}
