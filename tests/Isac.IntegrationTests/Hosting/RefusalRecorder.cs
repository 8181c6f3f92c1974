using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Isac.IntegrationTests.Hosting;

/// <summary>Records the <c>reason</c> tags of <c>isac.broker.refusals</c> measured by one broker host.</summary>
public sealed class RefusalRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _reasons = new();

    public RefusalRecorder(IServiceProvider brokerServices)
    {
        // Meters from the host's IMeterFactory carry it as their scope: this keeps other hosts' measurements out.
        var factory = brokerServices.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Isac.Broker" && ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "isac.broker.refusals")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    for (var i = 0; i < value; i++)
                    {
                        _reasons.Enqueue((string)tag.Value!);
                    }
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> Reasons => [.. _reasons];

    public void Dispose() => _listener.Dispose();
}
