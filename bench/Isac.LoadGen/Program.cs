using Isac.LoadGen;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(LoadGenOptions.Usage);
    return 0;
}

LoadGenOptions options;
try
{
    options = LoadGenOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine(LoadGenOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await Runner.RunAsync(options, cancel.Token);
