using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>What to seal, for whom.</summary>
/// <param name="Bundle">The plaintext bundle; an empty id gets a fresh UUIDv7.</param>
/// <param name="Label">The TLP label, signed into the header.</param>
/// <param name="Audience">The audience as the publisher named it (communities, members).</param>
/// <param name="Recipients">
/// The exact cleared audience, already resolved by the sharing policy against <paramref name="DirectoryVersion"/>.
/// Ignored for TLP:CLEAR, which is signed only.
/// </param>
/// <param name="DirectoryVersion">The directory snapshot version the recipients were resolved against.</param>
/// <param name="ForwardedFrom">For a forward: the original signed header, the forwarder's own entry and proof.</param>
public sealed record SealRequest(
    Bundle Bundle,
    Tlp Label,
    Audience Audience,
    IReadOnlyList<Member> Recipients,
    ulong DirectoryVersion,
    ForwardedFrom? ForwardedFrom = null);
