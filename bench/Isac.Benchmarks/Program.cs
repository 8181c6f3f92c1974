using BenchmarkDotNet.Running;

// In process by default: the generated per-benchmark project would be built inside this repository, under its
// central package management and warnings-as-errors. Jobs come from the command line (--job short, --job dry...).
string[] inProcess = ["--inProcess"];
var arguments = args.Contains("--inProcess") || args.Contains("-i") ? args : [.. args, .. inProcess];
BenchmarkSwitcher.FromAssembly(typeof(Isac.Benchmarks.BenchWorld).Assembly).Run(arguments);
return 0;
