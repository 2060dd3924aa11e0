using System.Diagnostics;
using DingTalk.Robot.Digest;
using static DingTalk.Robot.Tests.Digest.Scenario;

namespace DingTalk.Robot.Tests.Digest;

/// <summary>Timing-sensitive tests run alone, after the parallel ones, so the other tests' load cannot skew them.</summary>
[CollectionDefinition(nameof(DigestPerformanceTests), DisableParallelization = true)]
public sealed class DigestPerformanceCollection
{
}

[Collection(nameof(DigestPerformanceTests))]
public sealed class DigestPerformanceTests
{
    [Fact]
    public void A_digest_of_a_thousand_grouped_events_takes_well_under_a_millisecond()
    {
        var batch = new DigestBatch();
        for (var i = 0; i < 1000; i++)
        {
            batch.Add(Event(i * 0.1, (DigestLevel)(2 + (i % 4)), "Template {N} number " + (i % 25), "Template " + i + " number " + (i % 25), exception: i % 7 == 0 ? new FakeException("boom " + i, HttpTrace) : null, properties: ("TraceId", "t" + i)));
        }

        var formatter = new MarkdownDigestFormatter(Settings());
        for (var i = 0; i < 50; i++)
        {
            formatter.Format(batch, MsgUuid);
        }

        const int Runs = 200;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            formatter.Format(batch, MsgUuid);
        }

        var perDigest = watch.Elapsed.TotalMilliseconds / Runs;
        Assert.True(perDigest < 1.0, $"{perDigest:0.000} ms per digest");
    }

    [Fact]
    public void A_hundred_thousand_events_fold_and_format_within_a_hundred_milliseconds()
    {
        var events = new DigestEvent[100_000];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = Event(i * 0.001, i % 10 == 0 ? DigestLevel.Error : DigestLevel.Warning, i % 3 == 0 ? "Distinct " + i : "Timeout calling {Service}", "Timeout calling " + i, exception: i % 100 == 0 ? new FakeException("t", HttpTrace) : null);
        }

        var formatter = new MarkdownDigestFormatter(Settings());
        var batch = new DigestBatch();
        for (var run = 0; run < 3; run++)
        {
            batch.Clear();
            foreach (var e in events)
            {
                batch.Add(e);
            }

            formatter.Format(batch, MsgUuid);
        }

        var watch = Stopwatch.StartNew();
        batch.Clear();
        foreach (var e in events)
        {
            batch.Add(e);
        }

        var digest = formatter.Format(batch, MsgUuid);
        watch.Stop();

        Assert.Equal(100_000, digest.EventCount);
        Assert.True(watch.ElapsedMilliseconds <= 100, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Folding_is_fast_and_memory_stays_flat()
    {
        var events = new DigestEvent[100_000];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = new DigestEvent(Start.AddMilliseconds(i), DigestLevel.Error, i % 2 == 0 ? "Timeout calling {Service}" : "Template " + i, "m");
        }

        var batch = new DigestBatch();
        foreach (var e in events)
        {
            batch.Add(e); // warm-up
        }

        batch.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var e in events)
        {
            batch.Add(e);
        }

        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(100_000, batch.EventCount);
        Assert.True(watch.ElapsedMilliseconds < 200, $"{watch.ElapsedMilliseconds} ms");
        Assert.True(allocated < 200_000, $"{allocated} bytes allocated folding 100k events");
    }

    [Fact]
    public void A_megabyte_of_text_costs_only_what_is_kept()
    {
        var huge = new string('x', 1_000_000) + "\n# tail";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            MarkdownEscaper.Escape(huge, 300);
        }

        Assert.Equal(300, MarkdownEscaper.Escape(huge, 300).Length);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"{watch.ElapsedMilliseconds} ms for 1000 escapes");
    }
}
