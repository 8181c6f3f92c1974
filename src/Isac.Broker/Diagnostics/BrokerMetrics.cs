using System.Diagnostics.Metrics;

namespace Isac.Broker.Diagnostics;

/// <summary>The broker's metrics: meter <c>Isac.Broker</c>.</summary>
internal sealed class BrokerMetrics
{
    public const string MeterName = "Isac.Broker";

    public const string RefusalsCounterName = "isac.broker.refusals";

    public const string ReasonTag = "reason";

    private readonly Counter<long> _refusals;

    public BrokerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _refusals = meter.CreateCounter<long>(RefusalsCounterName, "{refusal}", "Connections, calls and bundles the broker refused, by reason.");
    }

    /// <summary>Counts one refusal; <paramref name="reason"/> is a short stable token from <see cref="RefusalReasons"/>.</summary>
    public void Refused(string reason) => _refusals.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));
}
