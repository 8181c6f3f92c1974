using System.Diagnostics;

namespace Isac.LoadGen;

/// <summary>CPU seconds used by the broker, the store's server (when it is a child) and this process since creation.</summary>
internal sealed class CpuMeter
{
    private readonly ChildProcess _broker;
    private readonly ChildProcess? _store;
    private readonly TimeSpan _broker0;
    private readonly TimeSpan _store0;
    private readonly TimeSpan _self0;

    public CpuMeter(ChildProcess broker, ChildProcess? store)
    {
        _broker = broker;
        _store = store;
        _broker0 = broker.CpuTime;
        _store0 = store?.CpuTime ?? TimeSpan.Zero;
        _self0 = Self();
    }

    public (double Broker, double? Store, double Self) Elapsed() =>
        ((_broker.CpuTime - _broker0).TotalSeconds, _store is null ? null : (_store.CpuTime - _store0).TotalSeconds, (Self() - _self0).TotalSeconds);

    public static TimeSpan Self()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
