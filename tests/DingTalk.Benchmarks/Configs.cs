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
        AddJob(Smoke.OrAsIs(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8).WithId("Short")));
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
/// Five hundred warm-up iterations (ten million calls, 1.5 to 2 seconds): with one invocation per iteration
/// BenchmarkDotNet cannot tell when tiered compilation has finished. Serilog's own path is optimized within a few
/// hundred milliseconds, but the sink's code (the enqueue on the caller's thread, the folding on the loop's) reaches
/// its final, PGO-optimized form only about a second into the process (a profile showed the enqueue still running
/// its instrumented tier); until then a call costs ~380 ns instead of ~140. With 100 warm-ups, one process in three
/// was still measuring that phase. A service that logs in a hot path runs the optimized code.
/// Three processes per benchmark: on a small VM one process can differ from the next by a third.
/// </remarks>
public sealed class CallConfig : ManualConfig
{
    public CallConfig()
    {
        AddJob(Smoke.OrAsIs(Job.Default.WithLaunchCount(3).WithWarmupCount(500).WithIterationCount(30)
            .WithInvocationCount(1).WithUnrollFactor(1).WithId("Calls")));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

/// <summary>
/// <c>DINGTALK_BENCHMARKS_SMOKE=1</c>: every job shrinks to one process, one warm-up and one measured iteration, to
/// check that the benchmarks run (set-ups, gates, drop paths) on a busy machine without measuring anything.
/// BenchmarkDotNet's <c>--job Dry</c> would add a job next to the configs' own, not replace them.
/// </summary>
internal static class Smoke
{
    public static Job OrAsIs(Job job)
        => Environment.GetEnvironmentVariable("DINGTALK_BENCHMARKS_SMOKE") == "1"
            ? job.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(1).WithId(job.Id + "-smoke")
            : job;
}
