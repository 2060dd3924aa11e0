using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using Serilog;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Sinks.DingTalk;

namespace DingTalk.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/DingTalk.Benchmarks -- flood</c>: 1,000,000 Error events from 8 threads
/// through Serilog into the sink (two templates: every thousandth call is a rare one), against the robot emulator with DingTalk's real 20-a-minute limit, then
/// CloseAndFlush. Every call is timed on its own thread; every event must be accounted for by the digests' text.
/// A reference run through a no-op sink comes first, so the tail of the latency distribution can be read against
/// what Serilog, the GC and the scheduler cost anyway on this machine.
/// </summary>
internal static class FloodRun
{
    private const int Threads = 8;
    private const int Total = 1_000_000;
    private const int PerThread = Total / Threads;
    // The sink's default unless `-- flood <queueLimit>` says otherwise.
    private static int QueueLimit = new DingTalkSinkOptions().QueueLimit ?? int.MaxValue;
    private const string Template = "Payment {PaymentId} for order {OrderId} failed";

    // Every thousandth call on each thread: 1,000 of the flood's 1,000,000, interleaved with the rest (issue 18). The
    // digests must show both with their exact counts.
    private const string RareTemplate = "Stock for {Sku} went negative in order {OrderId}";
    private const int RareEvery = 1_000;
    private const int RareTotal = Total / RareEvery;
    private static readonly GcPauses Pauses = new();

    public static int Run(int? queueLimit = null)
    {
        QueueLimit = queueLimit ?? QueueLimit;
        Console.WriteLine($"Flood: {Total:N0} Error events from {Threads} threads; QueueLimit {QueueLimit:N0}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");

        var reference = new NoOpSink();
        var referenceLogger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(reference).CreateLogger();
        WarmUp(referenceLogger);
        var noOpBefore = WorkingSetAfterFullCollection();
        var noOpWatch = new Watcher(queued: null);
        var noOp = Flood(referenceLogger, warmUp: false);
        noOpWatch.Stop();
        referenceLogger.Dispose();
        var noOpGrowth = noOpWatch.PeakWorkingSet - noOpBefore;
        Console.WriteLine();
        Console.WriteLine("Reference, same flood through a no-op sink:");
        noOp.Print();
        Console.WriteLine($"  working set: {Mb(noOpBefore)} before the flood, peak {Mb(noOpWatch.PeakWorkingSet)} (+{Mb(noOpGrowth)}: Serilog's garbage between collections)");

        // The floor of any sink that queues: the same flood through a bare queue (a count, a ConcurrentQueue, a thread
        // draining it; nothing folded or sent), so the sink's tail can be read against what holding events costs at all.
        var bare = new BareQueueSink(QueueLimit);
        var bareLogger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(bare).CreateLogger();
        WarmUp(bareLogger);
        var floor = Flood(bareLogger, warmUp: false);
        bareLogger.Dispose();
        bare.Dispose();
        Console.WriteLine();
        Console.WriteLine("Floor, same flood through a bare queue (a count, a ConcurrentQueue, a thread draining it; nothing folded or sent):");
        floor.Print();

        // The same code paths warmed up as the reference's were, through a sink of their own (its digests go to another
        // robot, so they are not counted): a flood in a running application meets code that tiered compilation has
        // optimized, not the first calls' unoptimized code.
        WarmUpSink();

        var selfLog = new ConcurrentQueue<string>();
        SelfLog.Enable(line => selfLog.Enqueue(line));
        var robot = RobotEmulator.StartAsync(new RobotEmulatorOptions()).GetAwaiter().GetResult();
        try
        {
            var sink = CreateSink(robot.WebhookUrl);
            var logger = CreateLogger(sink);

            // Parses the templates into the logger's cache without reaching the sink (below its level).
            logger.Information(Template, 0, "warm-up");
            logger.Information(RareTemplate, 0, "warm-up");

            var workingSetBefore = WorkingSetAfterFullCollection();
            var watch = new Watcher(() => sink.Engine.QueuedCount);
            var result = Flood(logger, warmUp: false);
            watch.Stop();

            var closing = Stopwatch.StartNew();
            logger.Dispose();
            closing.Stop();
            var peak = watch.PeakWorkingSet;
            var growth = peak - workingSetBefore;

            var messages = robot.Messages;
            long delivered = 0, dropped = 0, undelivered = 0, notGrouped = 0, withoutDetails = 0, common = 0, rare = 0;
            foreach (var message in messages)
            {
                delivered += DigestText.EventCount(message);
                dropped += DigestText.DroppedCount(message);
                undelivered += DigestText.UndeliveredCount(message);
                notGrouped += DigestText.NotGroupedCount(message.Text);
                withoutDetails += DigestText.UncollectedCount(message.Text);
                common += DigestText.GroupCount(message.Text, Template);
                rare += DigestText.GroupCount(message.Text, RareTemplate);
            }

            // In its template's group: every event in a digest's bold line but those "not grouped" (more templates than
            // the batch tracks). Dropped and undelivered events are not.
            var attributed = delivered - notGrouped;
            var attributedShare = (double)attributed / Total;
            var p99Ratio = noOp.P99Ns > 0 ? (double)result.P99Ns / noOp.P99Ns : double.PositiveInfinity;

            var throttled = robot.Requests.Count(r => r.ErrCode == 130101);
            var maxPerMinute = robot.MaxMessagesInAnyRollingMinute();
            var accounted = delivered + dropped + undelivered;
            var bytesPerQueued = BytesPerQueuedEvent();
            var fullQueue = (long)QueueLimit * bytesPerQueued;
            // What the no-op run grows by anyway (gen0's budget of garbage), plus the queue's events twice over: a
            // collection copies them while the old copies still occupy their pages.
            var bound = noOpGrowth + (2 * fullQueue);

            Console.WriteLine();
            Console.WriteLine("DingTalk sink:");
            result.Print();
            Console.WriteLine($"  GCs gen0/1/2: {result.Gc0}/{result.Gc1}/{result.Gc2} (no-op run {noOp.Gc0}/{noOp.Gc1}/{noOp.Gc2}); lock contentions in the process: {result.LockContentions:N0} (the digest loop's HTTP post and the emulator run meanwhile; the logging calls take no lock)");
            Console.WriteLine($"  deepest queue seen: {watch.MaxQueued:N0} (QueueLimit {QueueLimit:N0})");
            Console.WriteLine($"  working set: {Mb(workingSetBefore)} before the flood, peak {Mb(peak)} (+{Mb(growth)}; no-op run +{Mb(noOpGrowth)}); one queued event holds ~{bytesPerQueued} B, so a full queue is ~{Mb(fullQueue)}");
            Console.WriteLine($"  CloseAndFlush: {closing.Elapsed.TotalSeconds:0.0} s; whole run since the flood started: {(result.Elapsed + closing.Elapsed).TotalSeconds:0.0} s");
            Console.WriteLine($"  robot: {messages.Count} digests, {robot.Requests.Count} requests, at most {maxPerMinute} posts in a rolling minute, {throttled} answers 130101");
            Console.WriteLine($"  accounted: {delivered:N0} in digests + {dropped:N0} dropped (queue full) + {undelivered:N0} undelivered = {accounted:N0} of {Total:N0}");
            Console.WriteLine($"  attributed: {attributed:N0} in their template's group ({attributedShare.ToString("P2", CultureInfo.InvariantCulture)}), of which {withoutDetails:N0} refused by the full queue and counted without details; {notGrouped:N0} not grouped, {dropped:N0} counted per level only");
            Console.WriteLine($"  groups: \"{Template}\" ×{common:N0} (logged {Total - RareTotal:N0}), \"{RareTemplate}\" ×{rare:N0} (logged {RareTotal:N0})");
            foreach (var line in selfLog)
            {
                Console.WriteLine("  SelfLog: " + line.Trim());
            }

            Console.WriteLine();
            var pass = true;
            pass &= Verdict(result.P99Ns < 1_000, $"p99 of one logging call < 1 µs: {result.P99Ns:N0} ns (no-op sink: {noOp.P99Ns:N0} ns)");
            var floorRatio = noOp.P99Ns > 0 ? (double)floor.P99Ns / noOp.P99Ns : double.PositiveInfinity;
            pass &= Verdict(p99Ratio <= 1.3, $"p99 of one logging call ≤ 1.3× the no-op sink's: {p99Ratio.ToString("0.00", CultureInfo.InvariantCulture)}× ({result.P99Ns:N0} / {noOp.P99Ns:N0} ns; the bare queue's floor: {floorRatio.ToString("0.00", CultureInfo.InvariantCulture)}×, {floor.P99Ns:N0} ns)");
            pass &= Verdict(attributedShare >= 0.999, $"≥ 99.9 % of events attributed to their template's group: {attributedShare.ToString("P2", CultureInfo.InvariantCulture)} ({attributed:N0} of {Total:N0})");
            pass &= Verdict(rare == RareTotal && common == Total - RareTotal, $"both templates with their exact counts: ×{common:N0} and ×{rare:N0} (logged {Total - RareTotal:N0} and {RareTotal:N0})");
            // The enqueue path takes no lock and never waits (ConcurrentQueue and Interlocked only). What a caller can
            // still meet is what every Serilog call meets here: a collection's pause, which stops every thread, or
            // being preempted (8 threads on 2 cores). A call that blocked would be slow for neither reason.
            pass &= Verdict(result.Over1MsOther <= (noOp.Over1MsOther * 2) + 5,
                $"no call blocks: {result.Over1MsOther} calls over 1 ms neither in a GC pause nor preempted (no-op sink: {noOp.Over1MsOther}); max {result.MaxNs / 1000.0:N0} µs (no-op: {noOp.MaxNs / 1000.0:N0} µs)");
            pass &= Verdict(watch.MaxQueued <= QueueLimit && growth <= bound,
                $"memory bounded by QueueLimit: queue ≤ {QueueLimit:N0} (deepest {watch.MaxQueued:N0}); working set grew {Mb(growth)} ≤ {Mb(bound)} (the no-op run's growth + 2 × a full queue)");
            pass &= Verdict(maxPerMinute <= 20, $"never more than 20 posts in a rolling minute: {maxPerMinute}");
            pass &= Verdict(throttled == 0, $"zero 130101 answers: {throttled}");
            pass &= Verdict(accounted == Total, $"every event accounted for: {accounted:N0} = {Total:N0}");
            pass &= Verdict(closing.Elapsed + result.Elapsed < TimeSpan.FromSeconds(90), $"finishes in about a minute: {(result.Elapsed + closing.Elapsed).TotalSeconds:0.0} s");
            Console.WriteLine(pass ? "FLOOD: PASS" : "FLOOD: FAIL");
            return pass ? 0 : 1;
        }
        finally
        {
            SelfLog.Disable();
            robot.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // What WriteTo.DingTalk(webhook, queueLimit: QueueLimit, shutdownTimeout: 90 s) builds, with the sink at hand so
    // the queue's depth can be watched. The shutdown timeout lets CloseAndFlush wait for the budget's next permit (the
    // 20 a minute are spent within seconds by a flood).
    private static DingTalkSink CreateSink(string webhookUrl) => new(new DingTalkSinkOptions
    {
        WebhookUrl = webhookUrl,
        QueueLimit = QueueLimit,
        ShutdownTimeout = TimeSpan.FromSeconds(90),
    });

    private static Logger CreateLogger(DingTalkSink sink) =>
        new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(sink, LogEventLevel.Warning).CreateLogger();

    private static void WarmUpSink()
    {
        var robot = RobotEmulator.StartAsync(new RobotEmulatorOptions()).GetAwaiter().GetResult();
        try
        {
            var sink = CreateSink(robot.WebhookUrl);
            using var logger = CreateLogger(sink);
            WarmUp(logger);
        }
        finally
        {
            robot.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // Tiered compilation optimizes a method some 100 ms after its first calls, and with PGO in two steps: a few short
    // floods with pauses between them get every method on the path to its final code.
    private static void WarmUp(ILogger logger)
    {
        for (var round = 0; round < 6; round++)
        {
            Flood(logger, warmUp: true);
            Thread.Sleep(250);
        }
    }

    private static bool Verdict(bool ok, string text)
    {
        Console.WriteLine((ok ? "PASS  " : "FAIL  ") + text);
        return ok;
    }

    private static long WorkingSetAfterFullCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static FloodResult Flood(ILogger logger, bool warmUp)
    {
        var perThread = warmUp ? 10_000 : PerThread;
        var starts = new long[Threads][];
        var latencies = new long[Threads][];
        for (var t = 0; t < Threads; t++)
        {
            starts[t] = new long[perThread];
            latencies[t] = new long[perThread];
            Array.Fill(starts[t], 1); // touch the pages before the flood
            Array.Fill(latencies[t], 1);
        }

        using var start = new Barrier(Threads + 1);
        var waitedForCore = new Dictionary<int, long>[Threads];
        var threads = new Thread[Threads];
        for (var t = 0; t < Threads; t++)
        {
            var index = t;
            threads[t] = new Thread(() =>
            {
                var began = starts[index];
                var took = latencies[index];
                var order = "SO-" + index.ToString(CultureInfo.InvariantCulture);
                start.SignalAndWait();
                var waited = waitedForCore[index] = new Dictionary<int, long>();
                var runDelay = RunDelayNs();
                var oneMs = Stopwatch.Frequency / 1000;
                for (var i = 0; i < took.Length; i++)
                {
                    var before = Stopwatch.GetTimestamp();
                    if (i % RareEvery == RareEvery - 1)
                    {
                        logger.Error(RareTemplate, i, order);
                    }
                    else
                    {
                        logger.Error(Template, i, order);
                    }

                    took[i] = Stopwatch.GetTimestamp() - before;
                    began[i] = before;
                    if (took[i] > oneMs)
                    {
                        // Read only after a slow call (it costs microseconds): how long this thread waited, runnable,
                        // for a core since the last slow call. A call that was preempted waited about as long as it took.
                        var now = RunDelayNs();
                        waited[i] = now - runDelay;
                        runDelay = now;
                    }
                }

            })
            { IsBackground = true, Name = "flood-" + t };
            threads[t].Start();
        }

        var gc0 = GC.CollectionCount(0);
        var gc1 = GC.CollectionCount(1);
        var gc2 = GC.CollectionCount(2);
        var contentions = Monitor.LockContentionCount;
        start.SignalAndWait();
        var elapsed = Stopwatch.StartNew();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        elapsed.Stop();
        var result = new FloodResult
        {
            Elapsed = elapsed.Elapsed,
            Calls = (long)Threads * perThread,
            LockContentions = Monitor.LockContentionCount - contentions,
            Gc0 = GC.CollectionCount(0) - gc0,
            Gc1 = GC.CollectionCount(1) - gc1,
            Gc2 = GC.CollectionCount(2) - gc2,
        };

        if (warmUp)
        {
            return result;
        }

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        result.P50Ns = ToNs(all[all.Length / 2]);
        result.P99Ns = ToNs(all[(int)(all.Length * 0.99)]);
        result.P999Ns = ToNs(all[(int)(all.Length * 0.999)]);
        result.MaxNs = ToNs(all[^1]);
        CountSlowCalls(starts, latencies, waitedForCore, result);
        return result;
    }

    // A call over 1 ms that overlaps a collection's pause was stopped by the runtime like every other thread; the
    // others were preempted (8 threads on 2 cores) or blocked, which is what the no-op run tells apart.
    private static void CountSlowCalls(long[][] starts, long[][] latencies, Dictionary<int, long>[] waitedForCore, FloodResult result)
    {
        Pauses.WaitFor(GC.CollectionCount(0));
        var pauses = Pauses.Pauses;
        // Before a pause: 0.1 ms, as the events' clock and Stopwatch are read apart. After it: 2 ms, as the 8 threads
        // restarted at once wait for the 2 cores in turn.
        var before = Stopwatch.Frequency / 10_000;
        var after = Stopwatch.Frequency / 500;
        var oneMs = Stopwatch.Frequency / 1000;
        var first = starts.Min(s => s[0]);
        var last = starts.Max(s => s[^1]);
        foreach (var (begin, end) in pauses)
        {
            if (end >= first && begin <= last)
            {
                result.GcPauses++;
                result.GcPauseTotal += TimeSpan.FromSeconds((end - begin) / (double)Stopwatch.Frequency);
            }
        }

        for (var t = 0; t < starts.Length; t++)
        {
            for (var i = 0; i < starts[t].Length; i++)
            {
                if (latencies[t][i] <= oneMs)
                {
                    continue;
                }

                var callStart = starts[t][i];
                var callEnd = callStart + latencies[t][i];
                var paused = false;
                foreach (var (begin, end) in pauses)
                {
                    if (begin - before <= callEnd && end + after >= callStart)
                    {
                        paused = true;
                        break;
                    }
                }

                if (paused)
                {
                    result.Over1MsInGcPause++;
                }
                else if (waitedForCore[t].TryGetValue(i, out var waited) && waited >= ToNs(latencies[t][i]) / 2)
                {
                    result.Over1MsPreempted++;
                }
                else
                {
                    result.Over1MsOther++;
                }
            }
        }
    }

    // Linux's count of the time this thread spent runnable but waiting for a core (schedstat's second field).
    private static long RunDelayNs()
    {
        try
        {
            var fields = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long ToNs(long ticks) => (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));

    // The heap a queued Serilog event keeps alive (the event, its properties, their values), measured.
    private static int BytesPerQueuedEvent()
    {
        const int count = 10_000;
        var keep = new List<LogEvent>(count);
        var sink = new Keep(keep);
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        logger.Error(Template, 0, "SO-0");
        keep.Clear();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            logger.Error(Template, i, "SO-1");
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(keep);
        return (int)((after - before) / count);
    }

    private sealed class Keep(List<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Add(logEvent);
    }

    private sealed class FloodResult
    {
        public TimeSpan Elapsed { get; set; }

        public long Calls { get; set; }

        public long P50Ns { get; set; }

        public long P99Ns { get; set; }

        public long P999Ns { get; set; }

        public long MaxNs { get; set; }

        public int Over1MsCalls => Over1MsInGcPause + Over1MsPreempted + Over1MsOther;

        public int Over1MsPreempted { get; set; }

        public int Over1MsInGcPause { get; set; }

        public int Over1MsOther { get; set; }

        public int GcPauses { get; set; }

        public TimeSpan GcPauseTotal { get; set; }

        public long LockContentions { get; set; }

        public int Gc0 { get; set; }

        public int Gc1 { get; set; }

        public int Gc2 { get; set; }

        public void Print()
        {
            Console.WriteLine($"  {Calls:N0} calls in {Elapsed.TotalSeconds:0.00} s: {Calls / Elapsed.TotalSeconds:N0} events/s accepted by the callers");
            Console.WriteLine($"  one call: p50 {P50Ns:N0} ns, p99 {P99Ns:N0} ns, p99.9 {P999Ns:N0} ns, max {MaxNs / 1000.0:N0} µs");
            Console.WriteLine($"  calls over 1 ms: {Over1MsCalls} ({Over1MsInGcPause} during the {GcPauses} GC pauses, which stopped every thread for {GcPauseTotal.TotalMilliseconds:N0} ms in all; {Over1MsPreempted} preempted, waiting for a core; {Over1MsOther} neither)");
        }
    }

    /// <summary>Samples the queue's depth (when there is one) and the working set while a flood runs.</summary>
    private sealed class Watcher
    {
        private readonly Thread _thread;
        private volatile bool _stop;

        public Watcher(Func<int>? queued)
        {
            _thread = new Thread(() =>
            {
                using var process = Process.GetCurrentProcess();
                while (!_stop)
                {
                    MaxQueued = Math.Max(MaxQueued, queued?.Invoke() ?? 0);
                    process.Refresh();
                    PeakWorkingSet = Math.Max(PeakWorkingSet, process.WorkingSet64);
                    Thread.Sleep(1);
                }
            })
            { IsBackground = true, Name = "flood-watch" };
            _thread.Start();
        }

        public int MaxQueued { get; private set; }

        public long PeakWorkingSet { get; private set; }

        public void Stop()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
