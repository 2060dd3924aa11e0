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
/// through Serilog into the sink, against the robot emulator with DingTalk's real 20-a-minute limit, then
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
    private static int QueueLimit = 100_000;
    private const string Template = "Payment {PaymentId} for order {OrderId} failed";

    public static int Run(int? queueLimit = null)
    {
        QueueLimit = queueLimit ?? QueueLimit;
        Console.WriteLine($"Flood: {Total:N0} Error events from {Threads} threads; QueueLimit {QueueLimit:N0}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");

        var reference = new NoOpSink();
        var referenceLogger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(reference).CreateLogger();
        Flood(referenceLogger, warmUp: true);
        var noOp = Flood(referenceLogger, warmUp: false);
        referenceLogger.Dispose();
        Console.WriteLine();
        Console.WriteLine("Reference, same flood through a no-op sink:");
        noOp.Print();

        var selfLog = new ConcurrentQueue<string>();
        SelfLog.Enable(line => selfLog.Enqueue(line));
        var robot = RobotEmulator.StartAsync(new RobotEmulatorOptions()).GetAwaiter().GetResult();
        try
        {
            // What WriteTo.DingTalk(robot.WebhookUrl, queueLimit: 100_000, shutdownTimeout: 90 s) builds, with the sink
            // at hand so the queue's depth can be watched. The shutdown timeout lets CloseAndFlush wait for the
            // budget's next permit (the 20 a minute are spent within seconds by a flood).
            var sink = new DingTalkSink(new DingTalkSinkOptions
            {
                WebhookUrl = robot.WebhookUrl,
                QueueLimit = QueueLimit,
                ShutdownTimeout = TimeSpan.FromSeconds(90),
            });
            var logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(sink, LogEventLevel.Warning).CreateLogger();

            // Parses the template into the logger's cache without reaching the sink (below its level).
            logger.Information(Template, 0, "warm-up");

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var workingSetBefore = process.WorkingSet64;

            var watch = new Watcher(sink);
            var result = Flood(logger, warmUp: false);
            watch.Stop();

            var closing = Stopwatch.StartNew();
            logger.Dispose();
            closing.Stop();
            process.Refresh();
            var peak = Math.Max(process.PeakWorkingSet64, watch.PeakWorkingSet);

            var messages = robot.Messages;
            long delivered = 0, dropped = 0, undelivered = 0;
            foreach (var message in messages)
            {
                delivered += DigestText.EventCount(message);
                dropped += DigestText.DroppedCount(message);
                undelivered += DigestText.UndeliveredCount(message);
            }

            var throttled = robot.Requests.Count(r => r.ErrCode == 130101);
            var maxPerMinute = robot.MaxMessagesInAnyRollingMinute();
            var accounted = delivered + dropped + undelivered;
            var bytesPerQueued = BytesPerQueuedEvent();
            var bound = workingSetBefore + (long)QueueLimit * bytesPerQueued * 3;

            Console.WriteLine();
            Console.WriteLine("DingTalk sink:");
            result.Print();
            Console.WriteLine($"  GCs gen0/1/2: {result.Gc0}/{result.Gc1}/{result.Gc2} (no-op run {noOp.Gc0}/{noOp.Gc1}/{noOp.Gc2}); lock contentions in the process: {result.LockContentions:N0} (the digest loop's HTTP post and the emulator run meanwhile; the logging calls take no lock)");
            Console.WriteLine($"  deepest queue seen: {watch.MaxQueued:N0} (QueueLimit {QueueLimit:N0})");
            Console.WriteLine($"  working set: {Mb(workingSetBefore)} before the flood, peak {Mb(peak)}; one queued event holds ~{bytesPerQueued} B, so a full queue is ~{Mb((long)QueueLimit * bytesPerQueued)}");
            Console.WriteLine($"  CloseAndFlush: {closing.Elapsed.TotalSeconds:0.0} s; whole run since the flood started: {(result.Elapsed + closing.Elapsed).TotalSeconds:0.0} s");
            Console.WriteLine($"  robot: {messages.Count} digests, {robot.Requests.Count} requests, at most {maxPerMinute} posts in a rolling minute, {throttled} answers 130101");
            Console.WriteLine($"  accounted: {delivered:N0} in digests + {dropped:N0} dropped (queue full) + {undelivered:N0} undelivered = {accounted:N0} of {Total:N0}");
            foreach (var line in selfLog)
            {
                Console.WriteLine("  SelfLog: " + line.Trim());
            }

            Console.WriteLine();
            var pass = true;
            pass &= Verdict(result.P99Ns < 1_000, $"p99 of one logging call < 1 µs: {result.P99Ns:N0} ns (no-op sink: {noOp.P99Ns:N0} ns)");
            // The enqueue path takes no lock and never waits (ConcurrentQueue and Interlocked only). What a caller can
            // still meet is what every Serilog call meets here: a GC pause, or being preempted (8 threads on 2 cores).
            // So the tail is read against the no-op run's: a call that blocked would add slow calls of its own.
            pass &= Verdict(result.Over1MsCalls <= (noOp.Over1MsCalls * 2) + 10,
                $"no call blocks: {result.Over1MsCalls} calls over 1 ms against {noOp.Over1MsCalls} through a no-op sink (GC pauses and preemption), max {result.MaxNs / 1000.0:N0} µs (no-op: {noOp.MaxNs / 1000.0:N0} µs)");
            pass &= Verdict(watch.MaxQueued <= QueueLimit && peak <= bound,
                $"memory bounded by QueueLimit: queue ≤ {QueueLimit:N0} (deepest {watch.MaxQueued:N0}); peak working set {Mb(peak)} ≤ {Mb(bound)} (before + 3 × a full queue)");
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

    private static bool Verdict(bool ok, string text)
    {
        Console.WriteLine((ok ? "PASS  " : "FAIL  ") + text);
        return ok;
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static FloodResult Flood(ILogger logger, bool warmUp)
    {
        var perThread = warmUp ? 10_000 : PerThread;
        var latencies = new long[Threads][];
        for (var t = 0; t < Threads; t++)
        {
            latencies[t] = new long[perThread];
            Array.Fill(latencies[t], 1); // touch the pages before the flood
        }

        using var start = new Barrier(Threads + 1);
        var threads = new Thread[Threads];
        for (var t = 0; t < Threads; t++)
        {
            var index = t;
            threads[t] = new Thread(() =>
            {
                var mine = latencies[index];
                var order = "SO-" + index.ToString(CultureInfo.InvariantCulture);
                start.SignalAndWait();
                for (var i = 0; i < mine.Length; i++)
                {
                    var before = Stopwatch.GetTimestamp();
                    logger.Error(Template, i, order);
                    mine[i] = Stopwatch.GetTimestamp() - before;
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

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        result.P50Ns = ToNs(all[all.Length / 2]);
        result.P99Ns = ToNs(all[(int)(all.Length * 0.99)]);
        result.P999Ns = ToNs(all[(int)(all.Length * 0.999)]);
        result.MaxNs = ToNs(all[^1]);
        var oneMs = Stopwatch.Frequency / 1000;
        result.Over1MsCalls = all.Count(x => x > oneMs);
        return result;
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

        public int Over1MsCalls { get; set; }

        public long LockContentions { get; set; }

        public int Gc0 { get; set; }

        public int Gc1 { get; set; }

        public int Gc2 { get; set; }

        public void Print()
        {
            Console.WriteLine($"  {Calls:N0} calls in {Elapsed.TotalSeconds:0.00} s: {Calls / Elapsed.TotalSeconds:N0} events/s accepted by the callers");
            Console.WriteLine($"  one call: p50 {P50Ns:N0} ns, p99 {P99Ns:N0} ns, p99.9 {P999Ns:N0} ns, max {MaxNs / 1000.0:N0} µs; {Over1MsCalls} calls over 1 ms");
        }
    }

    /// <summary>Samples the queue's depth and the working set while the flood runs.</summary>
    private sealed class Watcher
    {
        private readonly Thread _thread;
        private volatile bool _stop;

        public Watcher(DingTalkSink sink)
        {
            _thread = new Thread(() =>
            {
                using var process = Process.GetCurrentProcess();
                while (!_stop)
                {
                    MaxQueued = Math.Max(MaxQueued, sink.Pipeline.QueuedCount);
                    process.Refresh();
                    PeakWorkingSet = Math.Max(PeakWorkingSet, process.WorkingSet64);
                    Thread.Sleep(5);
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
