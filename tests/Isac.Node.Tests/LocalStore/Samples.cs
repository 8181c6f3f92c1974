using System.Text;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Node.LocalStore;
using Isac.V1;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.Node.Tests.LocalStore;

internal static class Samples
{
    public static InboxBundle Bundle(
        string sender = "cert.example",
        Tlp label = Tlp.Green,
        BundleKind kind = BundleKind.Advisory,
        DateTimeOffset? receivedAt = null,
        byte[]? id = null,
        string payload = "payload")
    {
        var at = receivedAt ?? new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        return new InboxBundle(
            BundleId: id ?? BundleIds.New(),
            Sender: sender,
            Label: label,
            Kind: kind,
            ContentType: "text/markdown",
            ExerciseId: string.Empty,
            Audience: Audience.OfCommunities("election-sector"),
            CreatedAt: at.AddSeconds(-5),
            ReceivedAt: at,
            Supersedes: null,
            ForwardedFromSender: null,
            MailboxSequence: 7,
            Payload: Encoding.UTF8.GetBytes(payload),
            Delivery: [0x0a, 0x01, 0x02]);
    }

    public static OutboxRequest Request(string payload = "outbound") => new(
        BundleKind.Bulletin,
        "text/markdown",
        Encoding.UTF8.GetBytes(payload),
        Tlp.Amber,
        new Audience(["state:ohio"], ["cert.example"]),
        "exercise-7",
        ForwardOf: null);
}
