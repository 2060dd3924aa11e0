using BenchmarkDotNet.Attributes;
using DingTalk.Robot.Testing;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.Async;
using Serilog.Sinks.DingTalk;

namespace DingTalk.Benchmarks;

/// <summary>
/// What one Serilog <c>Log.Error(template, args)</c> costs the caller with our sink, against the same logger with a
/// no-op sink and against Serilog.Sinks.Async wrapping a no-op sink. Each invocation is a loop of
/// <see cref="LoggingCallBenchmarks.EventsPerInvoke"/> calls; the iteration set-up first waits for the digest loop to
/// empty the queue, so every measured call is accepted into the queue (the "queue full" row measures the drop path
/// on purpose). The sinks post to a robot emulator on loopback with the real 20-messages-a-minute budget.
/// </summary>
[Config(typeof(CallConfig))]
public class SerilogCallBenchmarks
{
    private const int N = LoggingCallBenchmarks.EventsPerInvoke;
    private const string Template = "Payment {PaymentId} for order {OrderId} failed";
    private const string Order = "SO-2024-000042";

    private readonly GatedClock _pausedClock = new();
    private readonly GatedClock _fullClock = new();
    private readonly List<RobotEmulator> _robots = new();
    private Logger? _noOp;
    private Logger? _async;
    private Logger? _dingTalk;
    private Logger? _dingTalkPaused;
    private Logger? _dingTalkFull;
    private Logger? _noOpAtWarning;
    private Logger? _dingTalkAtWarning;
    private DingTalkSink? _sink;
    private DingTalkSink? _pausedSink;
    private AsyncMonitor? _asyncMonitor;

    // Each benchmark runs in a process of its own, set up with only the loggers it uses: a held digest loop blocks a
    // thread-pool thread, and that would slow every other sink's loop in the process (a 2-core machine has 2 to start).
    [GlobalSetup(Targets = new[] { nameof(NoOp), nameof(NoOpInformation) })]
    public void SetupNoOp() => _noOp = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(new NoOpSink()).CreateLogger();

    [GlobalSetup(Target = nameof(Async))]
    public void SetupAsync()
    {
        _asyncMonitor = new AsyncMonitor();
        _async = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Async(a => a.Sink(new NoOpSink()), monitor: _asyncMonitor)
            .CreateLogger();
    }

    // Exactly what WriteTo.DingTalk(webhookUrl) builds: the sink behind Serilog's level filter at Warning.
    [GlobalSetup(Targets = new[] { nameof(DingTalk), nameof(DingTalkVsAsync), nameof(DingTalkInformation) })]
    public void SetupDingTalk()
    {
        _sink = new DingTalkSink(Options(clock: null, queueLimit: LoggingCallBenchmarks.QueueLimit));
        _dingTalk = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(_sink, LogEventLevel.Warning).CreateLogger();
    }

    [GlobalSetup(Target = nameof(DingTalkLoopPaused))]
    public void SetupPaused()
    {
        _pausedSink = new DingTalkSink(Options(_pausedClock, queueLimit: LoggingCallBenchmarks.QueueLimit));
        _dingTalkPaused = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(_pausedSink, LogEventLevel.Warning).CreateLogger();
    }

    // The drop path: the loop is held from the start and the queue filled, so every measured call is refused.
    [GlobalSetup(Target = nameof(DingTalkQueueFull))]
    public void SetupFull()
    {
        // Built before the gate closes: building reads the clock on this (unmarked) thread, which a closed gate would hold.
        var fullSink = new DingTalkSink(Options(_fullClock, queueLimit: 1_000));
        _dingTalkFull = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(fullSink, LogEventLevel.Warning).CreateLogger();
        _fullClock.Close();
        for (var i = 0; i < 1_000; i++)
        {
            _dingTalkFull.Error(Template, i, Order);
        }
    }

    // Below the logger's own minimum level (the sink's level): Serilog returns before building an event.
    [GlobalSetup(Target = nameof(NoOpBelowLoggerLevel))]
    public void SetupNoOpAtWarning() => _noOpAtWarning = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Sink(new NoOpSink()).CreateLogger();

    [GlobalSetup(Target = nameof(DingTalkBelowLoggerLevel))]
    public void SetupDingTalkAtWarning()
    {
        _sink = new DingTalkSink(Options(clock: null, queueLimit: LoggingCallBenchmarks.QueueLimit));
        _dingTalkAtWarning = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Sink(_sink, LogEventLevel.Warning).CreateLogger();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pausedClock.Open();
        _fullClock.Open();
        if (_asyncMonitor is not null)
        {
            Console.WriteLine($"// Serilog.Sinks.Async dropped {_asyncMonitor.Inspector?.DroppedMessagesCount ?? 0} events (buffer {_asyncMonitor.Inspector?.BufferSize}).");
        }

        foreach (var logger in new[] { _noOp, _async, _dingTalk, _dingTalkPaused, _dingTalkFull, _noOpAtWarning, _dingTalkAtWarning })
        {
            logger?.Dispose();
        }

        foreach (var robot in _robots)
        {
            Console.WriteLine($"// Robot: {robot.Messages.Count} digests, at most {robot.MaxMessagesInAnyRollingMinute()} in a rolling minute.");
            robot.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [IterationSetup]
    public void WaitForEmptyQueues()
    {
        _pausedClock.Open();
        var timeout = TimeSpan.FromSeconds(60);
        Wait.Until(() => (_sink?.Engine.QueuedCount ?? 0) == 0, timeout, "the DingTalk sink's queue to empty");
        Wait.Until(() => (_pausedSink?.Engine.QueuedCount ?? 0) == 0, timeout, "the paused DingTalk sink's queue to empty");
        Wait.Until(() => (_asyncMonitor?.Inspector?.Count ?? 0) == 0, timeout, "Serilog.Sinks.Async's buffer to empty");
        _pausedClock.Close();
    }

    [IterationCleanup]
    public void Release() => _pausedClock.Open();

    [BenchmarkCategory("Error, vs no-op sink"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "no-op sink")]
    public void NoOp()
    {
        var logger = _noOp!;
        for (var i = 0; i < N; i++)
        {
            logger.Error(Template, i, Order);
        }
    }

    [BenchmarkCategory("Error, vs no-op sink"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk, loop running")]
    public void DingTalk()
    {
        var logger = _dingTalk!;
        for (var i = 0; i < N; i++)
        {
            logger.Error(Template, i, Order);
        }
    }

    [BenchmarkCategory("Error, vs no-op sink"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk, loop paused (caller only)")]
    public void DingTalkLoopPaused()
    {
        var logger = _dingTalkPaused!;
        for (var i = 0; i < N; i++)
        {
            logger.Error(Template, i, Order);
        }
    }

    [BenchmarkCategory("Error, vs no-op sink"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk, queue full (drop path)")]
    public void DingTalkQueueFull()
    {
        var logger = _dingTalkFull!;
        for (var i = 0; i < N; i++)
        {
            logger.Error(Template, i, Order);
        }
    }

    [BenchmarkCategory("Error, vs Serilog.Sinks.Async"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "Async(no-op sink)")]
    public void Async()
    {
        var logger = _async!;
        for (var i = 0; i < N; i++)
        {
            logger.Error(Template, i, Order);
        }
    }

    [BenchmarkCategory("Error, vs Serilog.Sinks.Async"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk, loop running ")]
    public void DingTalkVsAsync()
    {
        var logger = _dingTalk!;
        for (var i = 0; i < N; i++)
        {
            logger.Error(Template, i, Order);
        }
    }

    [BenchmarkCategory("Information, below the sink's level"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "no-op sink ")]
    public void NoOpInformation()
    {
        var logger = _noOp!;
        for (var i = 0; i < N; i++)
        {
            logger.Information(Template, i, Order);
        }
    }

    [BenchmarkCategory("Information, below the sink's level"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk at Warning")]
    public void DingTalkInformation()
    {
        var logger = _dingTalk!;
        for (var i = 0; i < N; i++)
        {
            logger.Information(Template, i, Order);
        }
    }

    [BenchmarkCategory("Information, below the logger's level"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "no-op sink, logger at Warning")]
    public void NoOpBelowLoggerLevel()
    {
        var logger = _noOpAtWarning!;
        for (var i = 0; i < N; i++)
        {
            logger.Information(Template, i, Order);
        }
    }

    [BenchmarkCategory("Information, below the logger's level"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk, logger at Warning")]
    public void DingTalkBelowLoggerLevel()
    {
        var logger = _dingTalkAtWarning!;
        for (var i = 0; i < N; i++)
        {
            logger.Information(Template, i, Order);
        }
    }

    private DingTalkSinkOptions Options(TimeProvider? clock, int queueLimit)
    {
        var robot = Robots.Start();
        _robots.Add(robot);
        return new DingTalkSinkOptions
        {
            WebhookUrl = robot.WebhookUrl,
            QueueLimit = queueLimit,
            TimeProvider = clock,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
    }

    /// <summary>Lets a benchmark see how many events Serilog.Sinks.Async still holds.</summary>
    internal sealed class AsyncMonitor : IAsyncLogEventSinkMonitor
    {
        public IAsyncLogEventSinkInspector? Inspector { get; private set; }

        public void StartMonitoring(IAsyncLogEventSinkInspector inspector) => Inspector = inspector;

        public void StopMonitoring(IAsyncLogEventSinkInspector inspector)
        {
        }
    }
}

/// <summary>Shared by the logging-call benchmarks.</summary>
public static class LoggingCallBenchmarks
{
    /// <summary>Calls per invocation.</summary>
    public const int EventsPerInvoke = 20_000;

    /// <summary>
    /// Room for a whole invocation (the default is 10,000), so that every measured call is accepted even while the
    /// loop is paused or not yet scheduled: the drop path is measured on purpose, by its own benchmark.
    /// </summary>
    public const int QueueLimit = 100_000;
}
