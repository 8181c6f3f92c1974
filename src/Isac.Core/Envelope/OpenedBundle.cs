using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.V1;

namespace Isac.Core.Envelope;

/// <summary>A delivery that passed every check, with its plaintext.</summary>
/// <param name="Header">The signed routing header.</param>
/// <param name="Label">The signed TLP label.</param>
/// <param name="Sender">The sender's active card at the directory version used to open.</param>
/// <param name="Bundle">The plaintext bundle.</param>
public sealed record OpenedBundle(RoutingHeader Header, Tlp Label, Member Sender, Bundle Bundle);
