using System.Collections.Concurrent;

namespace Isac.Broker.Subscriptions;

/// <summary>
/// The highest mailbox sequence this broker actually streamed to each member: <c>Ack</c> is capped at it,
/// so a client cannot trim mail it never received. In-process only: an <c>Ack</c> sent to another replica
/// than the one streaming is capped at what that replica delivered (at-least-once still holds).
/// </summary>
internal sealed class DeliveryTracker
{
    private readonly ConcurrentDictionary<string, ulong> _delivered = new(StringComparer.Ordinal);

    public void Delivered(string memberId, ulong sequence) =>
        _delivered.AddOrUpdate(memberId, sequence, (_, previous) => Math.Max(previous, sequence));

    public ulong DeliveredThrough(string memberId) => _delivered.GetValueOrDefault(memberId);
}
