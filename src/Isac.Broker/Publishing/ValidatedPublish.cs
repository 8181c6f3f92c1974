using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.V1;

namespace Isac.Broker.Publishing;

/// <summary>A sealed bundle that passed every check, with its exact recipients and the entry index of each.</summary>
internal sealed record ValidatedPublish(
    SealedBundle Sealed,
    RoutingHeader Header,
    Member Sender,
    Tlp Label,
    IReadOnlyList<(Member Member, int EntryIndex)> Recipients,
    MerkleTree? Tree);
