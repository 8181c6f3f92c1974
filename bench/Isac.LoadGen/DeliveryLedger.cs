using System.Diagnostics;

namespace Isac.LoadGen;

/// <summary>
/// What was published to whom and what each subscriber received: the exactly-once check (after
/// de-duplication by bundle id) and the publish→deliver latencies. Each subscriber writes only its own
/// slot; publishers write only their own bundles' slots.
/// </summary>
internal sealed class DeliveryLedger
{
    private readonly Dictionary<Guid, int> _indexById;
    private readonly int[][] _recipients;
    private readonly long[] _sentAt;
    private readonly long[] _acceptedAt;
    private readonly bool[] _accepted;
    private readonly Subscriber[] _subscribers;
    private long _firstDeliveries;
    private long _lastDeliveryAt;

    public DeliveryLedger(IReadOnlyList<Guid> bundleIds, int[][] recipients, int subscriberCount)
    {
        _indexById = new Dictionary<Guid, int>(bundleIds.Count);
        for (var i = 0; i < bundleIds.Count; i++)
        {
            _indexById.Add(bundleIds[i], i);
        }

        _recipients = recipients;
        _sentAt = new long[bundleIds.Count];
        _acceptedAt = new long[bundleIds.Count];
        _accepted = new bool[bundleIds.Count];
        _subscribers = [.. Enumerable.Range(0, subscriberCount).Select(_ => new Subscriber())];
    }

    /// <summary>First-time deliveries so far (all subscribers).</summary>
    public long FirstDeliveries => Interlocked.Read(ref _firstDeliveries);

    public long LastDeliveryAt => Interlocked.Read(ref _lastDeliveryAt);

    public IReadOnlyList<int> RecipientsOf(int bundle) => _recipients[bundle];

    public void Sent(int bundle) => _sentAt[bundle] = Stopwatch.GetTimestamp();

    public void Accepted(int bundle)
    {
        _acceptedAt[bundle] = Stopwatch.GetTimestamp();
        Volatile.Write(ref _accepted[bundle], true);
    }

    public bool IsAccepted(int bundle) => Volatile.Read(ref _accepted[bundle]);

    public long SentAt(int bundle) => _sentAt[bundle];

    public long AcceptedAt(int bundle) => _acceptedAt[bundle];

    /// <summary>Records a delivery of <paramref name="bundleId"/> at mailbox <paramref name="sequence"/> to subscriber <paramref name="subscriber"/>.</summary>
    public void Delivered(int subscriber, Guid bundleId, ulong sequence)
    {
        var now = Stopwatch.GetTimestamp();
        var state = _subscribers[subscriber];
        lock (state)
        {
            Record(state, subscriber, bundleId, sequence, now);
        }
    }

    private void Record(Subscriber state, int subscriber, Guid bundleId, ulong sequence, long now)
    {
        if (!_indexById.TryGetValue(bundleId, out var bundle) || Array.IndexOf(_recipients[bundle], subscriber) < 0)
        {
            state.Misrouted++;
            return;
        }

        if (state.Sequences.TryGetValue(bundle, out var first))
        {
            // The same mailbox entry again is at-least-once (a resend after a reconnect) and de-duplicated here; the
            // same bundle under a second sequence means the mailbox holds it twice: a duplicate.
            if (first == sequence)
            {
                state.Redelivered++;
            }
            else
            {
                state.Duplicated++;
            }

            return;
        }

        state.Sequences.Add(bundle, sequence);
        state.Latencies.Add((bundle, now - _sentAt[bundle]));
        Interlocked.Increment(ref _firstDeliveries);
        InterlockedMax(ref _lastDeliveryAt, now);
    }

    public void Gap(int subscriber)
    {
        lock (_subscribers[subscriber])
        {
            _subscribers[subscriber].Gaps++;
        }
    }

    /// <summary>Whether every accepted bundle in [<paramref name="from"/>, <paramref name="to"/>) reached each of its recipients.</summary>
    public long MissingCount(int from, int to)
    {
        long missing = 0;
        for (var b = from; b < to; b++)
        {
            if (!IsAccepted(b))
            {
                continue;
            }

            foreach (var s in _recipients[b])
            {
                lock (_subscribers[s])
                {
                    if (!_subscribers[s].Sequences.ContainsKey(b))
                    {
                        missing++;
                    }
                }
            }
        }

        return missing;
    }

    /// <summary>Expected deliveries of the accepted bundles in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public long ExpectedCount(int from, int to)
    {
        long expected = 0;
        for (var b = from; b < to; b++)
        {
            if (IsAccepted(b))
            {
                expected += _recipients[b].Length;
            }
        }

        return expected;
    }

    /// <summary>The delivered bundles' latencies in milliseconds, for bundles in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public double[] LatenciesMs(int from, int to)
    {
        var all = new List<double>();
        foreach (var s in _subscribers)
        {
            lock (s)
            {
                all.AddRange(s.Latencies.Where(l => l.Bundle >= from && l.Bundle < to).Select(l => l.Ticks * 1000.0 / Stopwatch.Frequency));
            }
        }

        return [.. all];
    }

    public (long Redelivered, long Duplicated, long Misrouted, long Gaps) Anomalies()
    {
        long redelivered = 0, duplicated = 0, misrouted = 0, gaps = 0;
        foreach (var s in _subscribers)
        {
            lock (s)
            {
                redelivered += s.Redelivered;
                duplicated += s.Duplicated;
                misrouted += s.Misrouted;
                gaps += s.Gaps;
            }
        }

        return (redelivered, duplicated, misrouted, gaps);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private sealed class Subscriber
    {
        public Dictionary<int, ulong> Sequences { get; } = [];

        public List<(int Bundle, long Ticks)> Latencies { get; } = [];

        public long Redelivered { get; set; }

        public long Duplicated { get; set; }

        public long Misrouted { get; set; }

        public long Gaps { get; set; }
    }
}
