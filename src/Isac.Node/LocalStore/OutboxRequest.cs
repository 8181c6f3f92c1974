using Isac.Core.Labels;
using Isac.V1;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.Node.LocalStore;

/// <summary>
/// What the member asked to publish, kept beside the sealed bytes so that an item that went stale in the
/// outbox (its created-at too old for the broker, or its directory version gone) can be sealed again.
/// </summary>
/// <param name="Kind">The bundle kind.</param>
/// <param name="ContentType">The payload's content type.</param>
/// <param name="Payload">The plaintext payload.</param>
/// <param name="Label">The TLP label.</param>
/// <param name="Audience">The audience as named by the member.</param>
/// <param name="ExerciseId">Non-empty for a tabletop exercise.</param>
/// <param name="ForwardOf">For a forward: the id of the inbox bundle being forwarded; null for a new publish.</param>
internal sealed record OutboxRequest(
    BundleKind Kind,
    string ContentType,
    byte[] Payload,
    Tlp Label,
    Audience Audience,
    string ExerciseId,
    byte[]? ForwardOf = null);
