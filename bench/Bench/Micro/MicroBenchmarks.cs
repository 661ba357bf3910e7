namespace Engine.Bench.Micro;

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

/// <summary>
/// BenchmarkDotNet over hot pure code. The benchmarks run in this process (no generated project to build), with
/// BenchmarkDotNet's short job; results go to bench/results/micro unless <c>--artifacts</c> says otherwise.
/// </summary>
public static class MicroBenchmarks
{
    public static int Run(string[] arguments)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(Path.Combine("bench", "results", "micro"));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(arguments, config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
