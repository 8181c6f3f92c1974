using Google.Protobuf;
using Isac.Core.Labels;
using Isac.Node.LocalStore;
using Isac.V1;

namespace Isac.Node.Api;

/// <summary>Maps inbox rows to the local API's <see cref="InboxItem"/>.</summary>
internal static class InboxItems
{
    public static InboxItem ToItem(InboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var item = new InboxItem
        {
            LocalPosition = checked((ulong)entry.Position),
            ReceivedAtMs = entry.ReceivedAt.ToUnixTimeMilliseconds(),
        };
        if (entry.Gap is { } gap)
        {
            item.Gap = new Gap { FromSequence = gap.FromSequence, ToSequence = gap.ToSequence, Reason = gap.Reason };
            return item;
        }

        var bundle = entry.Bundle!;
        item.BundleId = ByteString.CopyFrom(bundle.BundleId);
        item.SenderMemberId = bundle.Sender;
        item.Tlp = TlpLabels.ToWire(bundle.Label);
        item.Kind = bundle.Kind;
        item.ContentType = bundle.ContentType;
        item.ExerciseId = bundle.ExerciseId;
        item.Audience = new V1.Audience();
        item.Audience.Communities.AddRange(bundle.Audience.Communities);
        item.Audience.Members.AddRange(bundle.Audience.Members);
        item.CreatedAtMs = bundle.CreatedAt.ToUnixTimeMilliseconds();
        item.ForwardedFromSender = bundle.ForwardedFromSender ?? string.Empty;
        if (bundle.Supersedes is { } supersedes)
        {
            item.Supersedes = ByteString.CopyFrom(supersedes);
        }

        if (bundle.Payload is { } payload)
        {
            item.Payload = ByteString.CopyFrom(payload);
        }

        return item;
    }
}
