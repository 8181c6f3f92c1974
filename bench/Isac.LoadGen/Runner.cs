namespace Isac.LoadGen;

/// <summary>Runs the chosen scenario, writes its results and turns the checks into the exit code.</summary>
internal static class Runner
{
    public static async Task<int> RunAsync(LoadGenOptions options, CancellationToken cancellationToken)
    {
        var output = options.OutputDirectory ?? ResultWriter.DefaultDirectory();
        try
        {
            if (options.Scenario == "bulletin")
            {
                var bulletin = await BulletinRun.RunAsync(options, cancellationToken);
                var markdown = ResultWriter.Markdown(bulletin);
                Console.WriteLine(markdown);
                Console.WriteLine($"results: {await ResultWriter.WriteAsync(output, bulletin.Label, bulletin.StartedAt, bulletin, markdown)}.md/.json");
                return bulletin.Passed ? 0 : 1;
            }

            var result = await LoadRun.RunAsync(options, cancellationToken);
            var text = ResultWriter.Markdown(result);
            Console.WriteLine(text);
            Console.WriteLine($"results: {await ResultWriter.WriteAsync(output, result.Label, result.StartedAt, result, text)}.md/.json");
            var failures = new List<string>();
            if (!result.ExactlyOnce)
            {
                failures.Add($"not exactly once: missing {result.Missing}, duplicated {result.Duplicated}, misrouted {result.Misrouted}, gaps {result.Gaps}, open failures {result.OpenFailures}");
            }

            if (result.Accepted == 0)
            {
                failures.Add("no bundle was accepted");
            }

            if (options.FailOnRefusal && result.Refusals.Count > 0)
            {
                failures.Add($"refusals: {LoadRun.Describe(result.Refusals)}");
            }

            foreach (var failure in failures)
            {
                Console.Error.WriteLine($"FAILED: {failure}");
            }

            return failures.Count == 0 ? 0 : 1;
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine($"FAILED: {ex.Message}");
            return 1;
        }
    }
}
