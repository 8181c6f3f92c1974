using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In process: the generated per-benchmark project would be built inside this repository, under its central
// package management and warnings-as-errors. A job given on the command line (for example --job short) replaces
// the default one.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(Isac.Benchmarks.BenchWorld).Assembly).Run(args, config);
return 0;
