namespace Isac.LoadGen;

/// <summary>Latency summary in milliseconds (nearest-rank percentiles over every sample).</summary>
internal sealed record Percentiles(long Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(double[] samples)
    {
        if (samples.Length == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        Array.Sort(samples);
        double At(double p) => samples[Math.Clamp((int)Math.Ceiling(p * samples.Length) - 1, 0, samples.Length - 1)];
        return new Percentiles(samples.Length, Round(At(0.50)), Round(At(0.95)), Round(At(0.99)), Round(samples[^1]));
    }

    public override string ToString() => Count == 0 ? "n/a" : $"{P50:0.##} / {P95:0.##} / {P99:0.##} / {Max:0.##}";

    private static double Round(double value) => Math.Round(value, 2);
}
