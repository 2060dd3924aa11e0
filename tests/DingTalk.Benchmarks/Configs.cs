using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace DingTalk.Benchmarks;

/// <summary>
/// Short runs that finish on a 2-core machine: 3 warm-up and 8 measured iterations in one process per benchmark.
/// Allocations are measured by BenchmarkDotNet with <c>GC.GetTotalAllocatedBytes</c>: the whole process, so work the
/// digest loop does on its own thread during an iteration is counted too (see the "consumer paused" rows).
/// </summary>
public sealed class ShortConfig : ManualConfig
{
    public ShortConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8).WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

/// <summary>
/// For the logging-call benchmarks: one invocation per iteration, each one a loop of
/// <see cref="LoggingCallBenchmarks.EventsPerInvoke"/> calls, so that the iteration set-up can wait for the digest
/// loop to empty the queue first: every measured call then takes the accepted path, never the queue-full one.
/// </summary>
/// <remarks>
/// A hundred warm-up iterations (two million calls): with one invocation per iteration BenchmarkDotNet cannot tell
/// when tiered compilation has finished, and the first 40 to 60 iterations still run partly unoptimized code (Serilog's
/// and ours alike: 300+ ns a call instead of 110 ns). A service that logs in a hot path runs the optimized code.
/// Three processes per benchmark: on a small VM one process can differ from the next by a third.
/// </remarks>
public sealed class CallConfig : ManualConfig
{
    public CallConfig()
    {
        AddJob(Job.Default.WithLaunchCount(3).WithWarmupCount(100).WithIterationCount(30)
            .WithInvocationCount(1).WithUnrollFactor(1).WithId("Calls"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
