using System.Diagnostics;
using System.Globalization;
using DingTalk.Extensions.Logging;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.DingTalk;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace DingTalk.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/DingTalk.Benchmarks -- rounds [rounds]</c>: the call rows of issue 18, every
/// logger in ONE process, measured in interleaved rounds. BenchmarkDotNet runs each benchmark in processes of its own,
/// and on a shared 2-core VM a baseline moves by a third from one process to the next, which hides differences of a
/// few nanoseconds. Here every round times <see cref="CallsPerRound"/> calls of each logger in turn (the order rotates),
/// after every queue has emptied, so a slow moment of the machine falls on all of them alike; each logger's median and
/// fastest round are read against its baseline's, and so is each round (the median of those ratios: paired). Beside
/// our loggers, references that tell what is ours and what any design pays: a bare queue (<see cref="BareQueueSink"/>),
/// Serilog.Sinks.Async, and a MEL provider that only reads the format string (<see cref="TemplateReadingLoggerProvider"/>),
/// counting it per thread or in a tally's slot.
/// </summary>
internal static class CallRounds
{
    private const int CallsPerRound = 20_000;
    private const string Template = "Payment {PaymentId} for order {OrderId} failed";
    private const string Order = "SO-2024-000042";
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(4);

    public static int Run(int rounds)
    {
        // This thread logs; the held loops (a closed gate) never hold it.
        GatedClock.MarkCallerThread();
        var robots = new List<RobotEmulator>();
        var disposables = new List<IDisposable>();
        var fullClocks = new List<GatedClock>();
        try
        {
            var serilogNoOp = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(new NoOpSink()).CreateLogger();
            var serilogNoOpAtWarning = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(new NoOpSink(), LogEventLevel.Warning).CreateLogger();
            var running = Sink(robots, clock: null, LoggingCallBenchmarks.QueueLimit);
            var pausedClock = new GatedClock();
            fullClocks.Add(pausedClock);
            var paused = Sink(robots, pausedClock, LoggingCallBenchmarks.QueueLimit);
            var fullClock = new GatedClock();
            fullClocks.Add(fullClock);
            var full = Sink(robots, fullClock, queueLimit: 1_000);
            var serilogRunning = SerilogLogger(running);
            var serilogFull = SerilogLogger(full);
            var bare = new BareQueueSink(LoggingCallBenchmarks.QueueLimit);
            disposables.Add(bare);
            var serilogBare = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(bare).CreateLogger();
            var asyncMonitor = new SerilogCallBenchmarks.AsyncMonitor();
            var serilogAsync = new LoggerConfiguration().MinimumLevel.Information()
                .WriteTo.Async(a => a.Sink(new NoOpSink()), bufferSize: LoggingCallBenchmarks.QueueLimit, monitor: asyncMonitor)
                .CreateLogger();
            disposables.Add(serilogAsync);
            var serilogPaused = SerilogLogger(paused);
            fullClock.Close();
            for (var i = 0; i < 1_000; i++)
            {
                serilogFull.Error(Template, i, Order);
            }

            var melTemplateOnly = MelLogger(disposables, b => b.AddProvider(new TemplateReadingLoggerProvider()).AddFilter<TemplateReadingLoggerProvider>(null, Microsoft.Extensions.Logging.LogLevel.Warning)).Logger;
            var melTemplateTallied = MelLogger(disposables, b => b.AddProvider(new TemplateReadingLoggerProvider(new DropTally())).AddFilter<TemplateReadingLoggerProvider>(null, Microsoft.Extensions.Logging.LogLevel.Warning)).Logger;
            var melNoOp = MelLogger(disposables, b => b.AddProvider(new NoOpLoggerProvider()).AddFilter<NoOpLoggerProvider>(null, Microsoft.Extensions.Logging.LogLevel.Warning)).Logger;
            var (melRunning, melRunningProvider) = MelDingTalk(robots, disposables, clock: null, LoggingCallBenchmarks.QueueLimit);
            var melFullClock = new GatedClock();
            fullClocks.Add(melFullClock);
            melFullClock.Close();
            var (melFull, _) = MelDingTalk(robots, disposables, melFullClock, queueLimit: 1_000);
            for (var i = 0; i < 3_000; i++)
            {
                melFull.LogError(Template, i, Order);
            }

            var rows = new[]
            {
                new Row("Serilog", "no-op sink", null, () => LogSerilog(serilogNoOp)),
                new Row("Serilog", "no-op sink behind Serilog's level filter (as WriteTo.DingTalk registers)", "no-op sink", () => LogSerilog(serilogNoOpAtWarning)),
                new Row("Serilog", "DingTalk, loop running", "no-op sink", () => LogSerilog(serilogRunning)),
                new Row("Serilog", "DingTalk, loop held during the round (the caller alone)", "no-op sink", () =>
                {
                    pausedClock.Close();
                    LogSerilog(serilogPaused);
                    pausedClock.Open();
                }),
                new Row("Serilog", "DingTalk, queue full (drop path)", "no-op sink", () => LogSerilog(serilogFull)),
                new Row("Serilog", "a bare queue (a count, a `ConcurrentQueue`; no wake-up, no fold), drained by a thread that sleeps 1 ms when it finds it empty", "no-op sink", () => LogSerilog(serilogBare)),
                new Row("Serilog", "the same bare queue, drained by a thread that spins (a whole core; each event taken right behind the writer)", "no-op sink", () =>
                {
                    bare.Spinning = true;
                    LogSerilog(serilogBare);
                    bare.Spinning = false;
                }),
                new Row("Serilog", "Serilog.Sinks.Async around a no-op sink", "no-op sink", () => LogSerilog(serilogAsync)),
                new Row("MEL", "no-op provider", null, () => LogMel(melNoOp)),
                new Row("MEL", "DingTalk provider, loop running", "no-op provider", () => LogMel(melRunning)),
                new Row("MEL", "DingTalk provider, queue full (drop path)", "no-op provider", () => LogMel(melFull)),
                new Row("MEL", "floor: a provider that only reads the format string and counts it per thread", "no-op provider", () => LogMel(melTemplateOnly)),
                new Row("MEL", "the floor, counting in the template's slot of a tally instead (`DropTally.Count`: what attributing adds)", "no-op provider", () => LogMel(melTemplateTallied)),
            };

            bool Drained() => running.Engine.QueuedCount == 0 && paused.Engine.QueuedCount == 0 && (melRunningProvider.Engine?.QueuedCount ?? 0) == 0
                && bare.IsEmpty && (asyncMonitor.Inspector?.Count ?? 0) == 0;
            Console.WriteLine($"Call rounds: {rounds} rounds of {CallsPerRound:N0} calls per logger, one process, interleaved; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
            var warmUp = Stopwatch.StartNew();
            for (var round = 0; warmUp.Elapsed < WarmUp; round++)
            {
                RunRound(rows, round, Drained, record: false);
            }

            for (var round = 0; round < rounds; round++)
            {
                RunRound(rows, round, Drained, record: true);
            }

            Print(rows);
            return 0;
        }
        finally
        {
            foreach (var clock in fullClocks)
            {
                clock.Open();
            }

            foreach (var disposable in disposables)
            {
                disposable.Dispose();
            }

            foreach (var robot in robots)
            {
                robot.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    internal static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void RunRound(Row[] rows, int round, Func<bool> drained, bool record)
    {
        for (var k = 0; k < rows.Length; k++)
        {
            // Every queue empty first: a loop still folding the last round must not share the cores with this one.
            Wait.Until(drained, TimeSpan.FromSeconds(60), "the queues to empty");
            var row = rows[(round + k) % rows.Length];
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var collections = GC.CollectionCount(0);
            var paused = GC.GetTotalPauseDuration();
            var start = Stopwatch.GetTimestamp();
            row.Calls();
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (record)
            {
                row.Record(
                    elapsed.TotalNanoseconds / CallsPerRound,
                    (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)CallsPerRound,
                    GC.CollectionCount(0) - collections,
                    (GC.GetTotalPauseDuration() - paused).TotalNanoseconds / CallsPerRound);
            }
        }
    }

    private static void Print(Row[] rows)
    {
        Console.WriteLine();
        Console.WriteLine("| front end | logger | median ns (fastest) | ratio to its baseline, medians (fastest) | paired: median of the rounds' ratios | allocated per call, this thread | collections per round; their pauses per call |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var baseline = row.Baseline is null ? null : rows.Single(r => r.FrontEnd == row.FrontEnd && r.Name == row.Baseline);
            var ratio = baseline is null
                ? "baseline"
                : string.Create(CultureInfo.InvariantCulture, $"{row.Median / baseline.Median:0.00}× ({row.Fastest / baseline.Fastest:0.00}×)");
            var paired = baseline is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{row.PairedRatio(baseline):0.00}×");
            var bytes = baseline is null
                ? string.Create(CultureInfo.InvariantCulture, $"{row.Allocated:0} B")
                : string.Create(CultureInfo.InvariantCulture, $"{row.Allocated:0} B ({row.Allocated - baseline.Allocated:+0;-0;+0} B)");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.FrontEnd} | {row.Name} | {row.Median:0.0} ({row.Fastest:0.0}) | {ratio} | {paired} | {bytes} | {row.Collections:0.0}; {row.PausedNs:0.0} ns |"));
        }
    }

    private static void LogSerilog(Logger logger)
    {
        for (var i = 0; i < CallsPerRound; i++)
        {
            logger.Error(Template, i, Order);
        }
    }

    private static void LogMel(ILogger logger)
    {
        for (var i = 0; i < CallsPerRound; i++)
        {
            logger.LogError(Template, i, Order);
        }
    }

    // Built on this (marked) thread, before its gate closes: building reads the clock.
    private static DingTalkSink Sink(List<RobotEmulator> robots, TimeProvider? clock, int queueLimit)
    {
        var robot = Robots.Start();
        robots.Add(robot);
        return new DingTalkSink(new DingTalkSinkOptions
        {
            WebhookUrl = robot.WebhookUrl,
            QueueLimit = queueLimit,
            TimeProvider = clock,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        });
    }

    // Exactly what WriteTo.DingTalk(webhookUrl) builds: the sink behind Serilog's level filter at Warning.
    private static Logger SerilogLogger(DingTalkSink sink)
        => new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(sink, LogEventLevel.Warning).CreateLogger();

    private static (ILogger Logger, DingTalkLoggerProvider Provider) MelDingTalk(List<RobotEmulator> robots, List<IDisposable> disposables, TimeProvider? clock, int queueLimit)
    {
        var robot = Robots.Start();
        robots.Add(robot);
        var (logger, services) = MelLogger(disposables, b => b.AddDingTalk(o =>
        {
            o.WebhookUrl = robot.WebhookUrl;
            o.QueueLimit = queueLimit;
            o.ShutdownTimeout = TimeSpan.FromSeconds(2);
            o.TimeProvider = clock;
        }));
        return (logger, services.GetServices<ILoggerProvider>().OfType<DingTalkLoggerProvider>().Single());
    }

    private static (ILogger Logger, ServiceProvider Services) MelLogger(List<IDisposable> disposables, Action<ILoggingBuilder> configure)
    {
        var services = new ServiceCollection().AddLogging(configure).BuildServiceProvider();
        disposables.Add(services);
        return (services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Payments.PaymentService"), services);
    }

    private sealed class Row
    {
        private readonly List<double> _ns = new();
        private double _allocated;
        private double _collections;
        private double _pausedNs;

        public Row(string frontEnd, string name, string? baseline, Action calls)
        {
            FrontEnd = frontEnd;
            Name = name;
            Baseline = baseline;
            Calls = calls;
        }

        public string FrontEnd { get; }

        public string Name { get; }

        public string? Baseline { get; }

        public Action Calls { get; }

        public double Median => MedianOf(_ns);

        public double Fastest => _ns.Min();

        /// <summary>
        /// The median of this row's round-by-round ratio to <paramref name="baseline"/>'s: both ran in the same round, a
        /// few milliseconds apart, so a slow moment of the machine that spans a round weighs on both sides of a ratio.
        /// </summary>
        public double PairedRatio(Row baseline) => MedianOf(_ns.Zip(baseline._ns, (ours, theirs) => ours / theirs));

        public double Allocated => _allocated / _ns.Count;

        public double Collections => _collections / _ns.Count;

        public double PausedNs => _pausedNs / _ns.Count;

        public void Record(double nsPerCall, double bytesPerCall, int collections, double pausedNsPerCall)
        {
            _ns.Add(nsPerCall);
            _allocated += bytesPerCall;
            _collections += collections;
            _pausedNs += pausedNsPerCall;
        }
    }
}
