using System.Diagnostics;

namespace DingTalk.Testing.Shared.Reliability;

/// <summary>
/// Runs logging calls from several threads and records the slowest single call and anything one of them threw.
/// </summary>
/// <remarks>
/// This is not a performance assertion (speed is measured by the benchmarks). A logging call that blocks — on the
/// network, on a full queue, on the shutdown timeout — takes seconds; a normal one takes microseconds. The threshold
/// sits between the two with room for the scheduler of a busy two-core machine (a preempted thread, a GC pause), so it
/// only ever catches blocking.
/// </remarks>
internal sealed class SlowestCall
{
    /// <summary>
    /// Far above a preempted call, far below a call that waited for the network or a timeout. (A flood of 100,000 kept
    /// events under other load has shown a 235 ms gen-2 pause: half a second still catches any wait of a second or more.)
    /// </summary>
    public static readonly TimeSpan BlockingThreshold = TimeSpan.FromMilliseconds(500);

    private long _slowestTicks;
    private long _calls;
    private Exception? _thrown;

    public TimeSpan Slowest => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _slowestTicks));

    public long Calls => Interlocked.Read(ref _calls);

    public Exception? Thrown => Volatile.Read(ref _thrown);

    /// <summary>Calls <paramref name="log"/>(thread, index) <paramref name="perThread"/>[t] times on each of the threads.</summary>
    public Task RunAsync(int[] perThread, Action<int, int> log)
        => Task.WhenAll(perThread.Select((count, thread) => Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < count; i++)
                {
                    Time(() => log(thread, i));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

    /// <summary>Runs one call, timing it and catching what it throws.</summary>
    public void Time(Action call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            call();
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _thrown, ex, null);
        }

        var elapsed = Stopwatch.GetTimestamp() - started;
        Interlocked.Increment(ref _calls);
        long seen;
        while (elapsed > (seen = Volatile.Read(ref _slowestTicks)) && Interlocked.CompareExchange(ref _slowestTicks, elapsed, seen) != seen)
        {
        }
    }

    /// <summary>Fails if a call threw or blocked.</summary>
    public void AssertNeverThrewNorBlocked()
    {
        Assert.Null(Thrown);
        Assert.True(Slowest < BlockingThreshold, $"the slowest of {Calls} logging calls took {Slowest.TotalMilliseconds:0.0} ms: a logging call blocked");
    }

    /// <summary>Splits <paramref name="total"/> calls over <paramref name="threads"/> threads.</summary>
    public static int[] Split(int total, int threads)
        => Enumerable.Range(0, threads).Select(t => (total / threads) + (t < total % threads ? 1 : 0)).ToArray();
}
