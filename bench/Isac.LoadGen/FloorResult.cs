namespace Isac.LoadGen;

/// <summary>
/// The irreducible work per bundle, measured without the broker around it on the same store and machine: one
/// Ed25519 verify of the header signature, one <c>SET NX PX</c> (the replay key), the bundle stored once
/// (<c>SET PX</c>) and one <c>RPUSH</c> per recipient (the mailbox entries), pipelined as the broker does.
/// </summary>
internal sealed record FloorResult(
    string Store,
    int Bundles,
    int FanOut,
    double WallSeconds,
    double ClientCpuSeconds,
    double? StoreCpuSeconds,
    double CpuMsPerBundle,
    double? CpuMsPerBundleWithStore)
{
    public double BundlesPerSecond => Bundles / WallSeconds;
}
