using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Isac.LoadGen;

/// <summary>Writes a run's results as Markdown and JSON under the results directory, and prints the Markdown.</summary>
internal static class ResultWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static async Task<string> WriteAsync(string directory, string label, DateTimeOffset startedAt, object result, string markdown)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"{startedAt:yyyyMMdd-HHmmss}-{label}");
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(result, result.GetType(), Json));
        await File.WriteAllTextAsync(stem + ".md", markdown);
        return stem;
    }

    /// <summary>The default results directory: bench/results of the repository around the working directory, else ./results.</summary>
    public static string DefaultDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ISAC.sln")))
            {
                return Path.Combine(dir.FullName, "bench", "results");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "results");
    }

    public static string Markdown(LoadResult r)
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"## Load run `{r.Label}` ({r.StartedAt:yyyy-MM-dd HH:mm} UTC)");
        s.AppendLine();
        s.AppendLine(c, $"Machine: {r.Machine}.");
        s.AppendLine(c, $"Store {r.Store}; TLP:{r.Tlp.ToUpperInvariant()}; {r.Publishers} publishers, {r.Subscribers} subscribers, fan-out {r.FanOut}; target rate {(r.TargetRate > 0 ? r.TargetRate.ToString("0", c) + "/s" : "max")}; payload {r.PayloadBytes} B; broker log level {r.BrokerLogLevel}. {r.BundlesSealed} bundles sealed in {r.SealSeconds:0.00} s before the timed phase.");
        s.AppendLine();
        s.AppendLine("| figure | value |");
        s.AppendLine("|---|---|");
        s.AppendLine(c, $"| bundles sent / accepted | {r.Sent} / {r.Accepted} in {r.PublishSeconds:0.00} s |");
        s.AppendLine(c, $"| bundles accepted/s | {r.AcceptedPerSecond:0} |");
        s.AppendLine(c, $"| mailbox deliveries / per s | {r.Deliveries} / {r.DeliveriesPerSecond:0} |");
        s.AppendLine(c, $"| publish→deliver ms p50 / p95 / p99 / max | {r.PublishToDeliverMs} |");
        s.AppendLine(c, $"| publish call (until receipt) ms p50 / p95 / p99 / max | {r.PublishCallMs} |");
        s.AppendLine(c, $"| broker CPU s (whole run) / per 1,000 bundles | {r.BrokerCpuSeconds:0.00} / {r.BrokerCpuSecondsPer1000Bundles:0.000} |");
        s.AppendLine(c, $"| broker idle CPU before the run | {r.BrokerIdleCores * 100:0.0}% of a core ({r.BrokerIdleCores * r.MeasuredSeconds:0.00} s of the {r.MeasuredSeconds:0.0} s measured) |");
        s.AppendLine(c, $"| bundles per broker core-second | {r.BundlesPerBrokerCoreSecond:0} |");
        s.AppendLine(c, $"| deliveries per broker core-second | {r.DeliveriesPerBrokerCoreSecond:0} |");
        s.AppendLine(c, $"| redis-server CPU s | {(r.StoreCpuSeconds is { } sc ? sc.ToString("0.00", c) : "n/a (in the broker, or external)")} |");
        s.AppendLine(c, $"| load generator CPU s | {r.LoadGenCpuSeconds:0.00} |");
        s.AppendLine(c, $"| broker peak working set | {r.BrokerPeakWorkingSetMiB:0} MiB |");
        s.AppendLine(c, $"| refusals | {LoadRun.Describe(r.Refusals)} |");
        s.AppendLine(c, $"| exactly once after de-duplication | {(r.ExactlyOnce ? "yes" : "NO")}: expected {r.ExpectedDeliveries}, missing {r.Missing}, duplicated {r.Duplicated}, misrouted {r.Misrouted}, gaps {r.Gaps}, re-delivered (de-duplicated) {r.Redelivered}{(r.Opened ? $"; every delivery verified and opened, failures {r.OpenFailures}" : string.Empty)} |");
        if (r.Floor is { } f)
        {
            s.AppendLine(c, $"| floor ({f.Bundles} bundles, {f.Store}) CPU ms per bundle | {f.CpuMsPerBundle:0.000} (client){(f.CpuMsPerBundleWithStore is { } w ? $", {w:0.000} with redis-server" : string.Empty)}; {f.BundlesPerSecond:0} bundles/s wall |");
            s.AppendLine(c, $"| broker CPU per bundle / floor | {r.FloorRatio:0.0}×{(r.FloorRatioWithStore is { } ws ? $" (with redis-server on both sides: {ws:0.0}×)" : string.Empty)} |");
        }

        return s.ToString();
    }

    public static string Markdown(BulletinResult r)
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"## Bulletin run `{r.Label}` ({r.StartedAt:yyyy-MM-dd HH:mm} UTC)");
        s.AppendLine();
        s.AppendLine(c, $"Machine: {r.Machine}.");
        s.AppendLine(c, $"One TLP:GREEN bulletin from a national CERT to a community of {r.Members} generated members; store {r.Store} (reachable from the load generator, so every mailbox can be read).");
        s.AppendLine();
        s.AppendLine("| figure | value |");
        s.AppendLine("|---|---|");
        s.AppendLine(c, $"| recipients | {r.Recipients} |");
        s.AppendLine(c, $"| directory verify at the publisher ({r.Members + 1} cards) | {r.DirectoryVerifySeconds:0.000} s |");
        s.AppendLine(c, $"| resolve recipients (sharing policy) | {r.ResolveSeconds:0.000} s |");
        s.AppendLine(c, $"| seal, wall / CPU | {r.SealSeconds:0.000} s / {r.SealCpuSeconds:0.000} s ({r.SealedBundleBytes / 1024.0 / 1024.0:0.00} MiB sealed) |");
        s.AppendLine(c, $"| broker accept (publish call until the receipt; every mailbox append is done before it) | {r.AcceptSeconds:0.000} s |");
        s.AppendLine(c, $"| live subscribers: last delivery after publish start | {r.LastLiveDeliverySeconds:0.000} s ({r.LiveSubscribers} sampled; ms p50/p95/p99/max {r.LiveDeliveryMs}) |");
        s.AppendLine(c, $"| largest live delivery | {r.MaxLiveDeliveryBytes} B (one entry and its proof) |");
        s.AppendLine(c, $"| broker CPU s / peak working set | {r.BrokerCpuSeconds:0.00} / {r.BrokerPeakWorkingSetMiB:0} MiB |");
        s.AppendLine(c, $"| mailboxes read / with exactly one delivery / own entry + valid proof | {r.MailboxesChecked} / {r.MailboxesWithExactlyOne} / {r.ValidEntryAndProof} ({r.MailboxCheckSeconds:0.0} s to read) |");
        s.AppendLine(c, $"| passed | {(r.Passed ? "yes" : "NO")} |");
        return s.ToString();
    }
}
