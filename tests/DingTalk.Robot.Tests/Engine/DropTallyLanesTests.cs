using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// The lanes refused events are counted in: one writer each, claimed lowest first, freed when their thread has ended,
/// and the counts exact whichever lane (owned or shared) a thread counts in.
/// </summary>
public sealed class DropTallyLanesTests
{
    [ThreadStatic]
    private static LaneLease? t_lease;

    [Fact]
    public void Lanes_are_claimed_lowest_first_until_none_is_free()
    {
        var pool = new LanePool(3);

        Assert.Equal(0, pool.HighestClaimed);
        Assert.Equal(1, pool.TryClaim());
        Assert.Equal(2, pool.TryClaim());
        Assert.Equal(3, pool.TryClaim());
        Assert.Equal(0, pool.TryClaim());

        pool.Release(2);
        Assert.False(pool.IsOwned(2));
        Assert.Equal(2, pool.TryClaim());
        Assert.Equal(3, pool.HighestClaimed);
    }

    [Fact]
    public void A_lease_frees_its_lane_once_its_thread_has_ended_and_not_before()
    {
        var pool = new LanePool(1);
        using var claimed = new ManualResetEventSlim();
        using var end = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            // As DropTallyLanes keeps it: in a thread-static field, reachable from nothing else.
            t_lease = new LaneLease(pool, pool.TryClaim());
            claimed.Set();
            end.Wait();
        });
        thread.Start();
        claimed.Wait();

        Collect();
        Assert.True(pool.IsOwned(1), "a living thread's lane is never freed");

        end.Set();
        thread.Join();
        for (var i = 0; i < 10 && pool.IsOwned(1); i++)
        {
            Collect();
        }

        Assert.False(pool.IsOwned(1));
        Assert.Equal(1, pool.TryClaim());
    }

    [Fact]
    public void More_threads_than_lanes_count_every_event_once_in_their_own_lane_or_the_shared_one()
    {
        // 40 threads at once: at most 16 own a lane, the rest share lane 0 (atomic increments), while the reader takes.
        var tally = new DropTally();
        const int threads = DropTallyLanes.Owned + 24;
        const int perThread = 50_000;
        long taken = 0;
        var lanes = new int[threads];
        using var start = new Barrier(threads + 1);
        using var claimed = new Barrier(threads);
        var writers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();

            // Every thread claims before any counts (and ends): a lane freed by an ended thread may be claimed again.
            lanes[t] = DropTallyLanes.Current;
            claimed.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                tally.Count("Timeout calling {Service}", (DigestLevel)(i % 6));
            }
        })).ToArray();
        foreach (var writer in writers)
        {
            writer.Start();
        }

        start.SignalAndWait();
        while (writers.Any(w => w.IsAlive))
        {
            taken += tally.TakeAll();
        }

        foreach (var writer in writers)
        {
            writer.Join();
        }

        taken += tally.TakeAll();
        Assert.Equal((long)threads * perThread, taken);
        Assert.Contains(0, lanes);
        Assert.True(lanes.Where(l => l > 0).Distinct().Count() == lanes.Count(l => l > 0), "a lane has one owner at a time");
    }

    [Fact]
    public void A_lane_freed_by_an_ended_thread_keeps_its_counts_for_the_next_owner()
    {
        // The reader never resets a count; the next owner adds to what the last one left, and each take hands over
        // only what is new, whoever wrote it.
        var tally = new DropTally();
        var first = CountOnNewThread(tally, 1_000);
        Assert.Equal(1_000, TakeOf(tally, "Disk full on {Volume}"));

        for (var i = 0; i < 10 && first > 0 && LaneOwned(first); i++)
        {
            Collect();
        }

        // Usually the same lane again: the lowest free one.
        CountOnNewThread(tally, 300);
        Assert.Equal(300, TakeOf(tally, "Disk full on {Volume}"));
        Assert.Equal(0, TakeOf(tally, "Disk full on {Volume}"));
    }

    private static int CountOnNewThread(DropTally tally, int events)
    {
        var lane = 0;
        var thread = new Thread(() =>
        {
            lane = DropTallyLanes.Current;
            for (var i = 0; i < events; i++)
            {
                tally.Count("Disk full on {Volume}", DigestLevel.Fatal);
            }
        });
        thread.Start();
        thread.Join();
        return lane;
    }

    private static long TakeOf(DropTally tally, string template)
    {
        var receiver = new OneTemplate(template);
        tally.Take(ref receiver);
        return receiver.Count;
    }

    private static bool LaneOwned(int lane) => DropTallyLanes.IsOwned(lane);

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private struct OneTemplate : IDropTallyReceiver
    {
        private readonly string _template;

        public OneTemplate(string template)
        {
            _template = template;
            Count = 0;
        }

        public long Count { get; private set; }

        public void Attributed(string template, DigestLevel level, long count)
            => Count += template == _template ? count : 0;

        public void Unattributed(DigestLevel level, long count) => Count += count;
    }
}
