using BenchmarkDotNet.Attributes;
using DingTalk.Extensions.Logging;
using DingTalk.Robot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DingTalk.Benchmarks;

/// <summary>
/// What one Microsoft.Extensions.Logging <c>logger.LogError(template, args)</c> costs the caller through our provider,
/// against the Console provider writing to a null stream (it formats on the caller's thread and writes on its own),
/// against a provider that does nothing (enabled, and with the queue full: the drop path), and what an event below the
/// provider's level costs against <see cref="NullLogger"/>. The digest loop does no per-event
/// allocation for this provider (the event is captured on the caller's thread), so the process-wide allocation
/// figure is the caller's.
/// </summary>
[Config(typeof(CallConfig))]
public class MelCallBenchmarks
{
    private const int N = LoggingCallBenchmarks.EventsPerInvoke;
    private const string Category = "Shop.Payments.PaymentService";
    private const string Template = "Payment {PaymentId} for order {OrderId} failed";
    private const string Order = "SO-2024-000042";

    private static readonly Action<ILogger, int, string, Exception?> PaymentFailedInfo =
        LoggerMessage.Define<int, string>(LogLevel.Information, new EventId(1, "PaymentFailed"), Template);

    private readonly GatedClock _pausedClock = new();
    private readonly GatedClock _fullClock = new();
    private readonly List<RobotEmulator> _robots = new();
    private readonly List<ServiceProvider> _services = new();
    private DingTalkLoggerProvider? _pausedProvider;
    private DingTalkLoggerProvider? _provider;
    private ILogger? _dingTalkPaused;
    private ILogger? _dingTalk;
    private ILogger? _console;
    private ILogger? _null;
    private ILogger? _noOpProvider;
    private ILogger? _dingTalkFull;

    // Each benchmark runs in a process of its own, set up with only the loggers it uses: a held digest loop blocks a
    // thread-pool thread, and that would slow every other loop in the process (a 2-core machine has 2 to start).
    [GlobalSetup(Targets = new[] { nameof(DingTalk), nameof(DingTalkVsNoOp), nameof(DingTalkExtensionBelowLevel), nameof(DingTalkDefineBelowLevel) })]
    public void SetupDingTalk() => (_dingTalk, _provider) = DingTalkLogger(clock: null);

    // The same, with the digest loop held during each measured invocation: the caller's cost alone.
    [GlobalSetup(Target = nameof(DingTalkLoopPaused))]
    public void SetupPaused()
    {
        GatedClock.MarkCallerThread();
        (_dingTalkPaused, _pausedProvider) = DingTalkLogger(_pausedClock);
    }

    // The drop path: the loop is held (it blocks on the clock when it signs its first digest) and the queue filled, so
    // every measured call is refused and counted under its template, without building the event.
    [GlobalSetup(Target = nameof(DingTalkQueueFull))]
    public void SetupFull()
    {
        GatedClock.MarkCallerThread();
        _fullClock.Close();
        (_dingTalkFull, _) = DingTalkLogger(_fullClock, queueLimit: 1_000);
        for (var i = 0; i < 3_000; i++)
        {
            _dingTalkFull.LogError(Template, i, Order);
        }
    }

    [GlobalSetup(Target = nameof(Console_))]
    public void SetupConsole()
    {
        // The Console provider takes Console.Out when it is created: give it a null stream, then put stdout back.
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            _console = Logger(new ServiceCollection().AddLogging(b => b.AddConsole()));
            _console.LogError(Template, 0, Order);
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }

    [GlobalSetup(Targets = new[] { nameof(NullLoggerExtension), nameof(NullLoggerDefine) })]
    public void SetupNull() => _null = NullLogger.Instance;

    // The same Microsoft.Extensions.Logging pipeline with a provider that does nothing, filtered at Warning as ours
    // is: what an event below the level costs with any provider (MEL's filter answers before a provider is asked).
    [GlobalSetup(Targets = new[] { nameof(NoOpProviderError), nameof(NoOpProviderExtensionBelowLevel), nameof(NoOpProviderDefineBelowLevel) })]
    public void SetupNoOpProvider()
        => _noOpProvider = Logger(new ServiceCollection()
            .AddLogging(b => b.AddProvider(new NoOpLoggerProvider()).AddFilter<NoOpLoggerProvider>(null, LogLevel.Warning)));

    [GlobalCleanup]
    public void Cleanup()
    {
        _pausedClock.Open();
        _fullClock.Open();
        foreach (var services in _services)
        {
            services.Dispose();
        }

        foreach (var robot in _robots)
        {
            Console.WriteLine($"// Robot: {robot.Messages.Count} digests, at most {robot.MaxMessagesInAnyRollingMinute()} in a rolling minute.");
            robot.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [IterationSetup]
    public void WaitForEmptyQueue()
    {
        _pausedClock.Open();
        GatedClock.MarkCallerThread();
        Wait.Until(() => (_provider?.Engine?.QueuedCount ?? 0) == 0, TimeSpan.FromSeconds(60), "the DingTalk provider's queue to empty");
        Wait.Until(() => (_pausedProvider?.Engine?.QueuedCount ?? 0) == 0, TimeSpan.FromSeconds(60), "the paused DingTalk provider's queue to empty");
        _pausedClock.Close();
    }

    [IterationCleanup]
    public void Release() => _pausedClock.Open();

    private (ILogger Logger, DingTalkLoggerProvider Provider) DingTalkLogger(TimeProvider? clock, int queueLimit = LoggingCallBenchmarks.QueueLimit)
    {
        var robot = Robots.Start();
        _robots.Add(robot);
        var services = new ServiceCollection()
            .AddLogging(b => b.AddDingTalk(o =>
            {
                o.WebhookUrl = robot.WebhookUrl;
                o.QueueLimit = queueLimit;
                o.ShutdownTimeout = TimeSpan.FromSeconds(2);
                o.TimeProvider = clock;
            }))
            .BuildServiceProvider();
        _services.Add(services);
        return (services.GetRequiredService<ILoggerFactory>().CreateLogger(Category), services.GetServices<ILoggerProvider>().OfType<DingTalkLoggerProvider>().Single());
    }

    private ILogger Logger(IServiceCollection collection)
    {
        var services = collection.BuildServiceProvider();
        _services.Add(services);
        return services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
    }

    [BenchmarkCategory("LogError, vs Console provider"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "Console (null stream)")]
    public void Console_()
    {
        var logger = _console!;
        for (var i = 0; i < N; i++)
        {
            logger.LogError(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogError, vs Console provider"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk provider, loop paused (caller only)")]
    public void DingTalkLoopPaused()
    {
        var logger = _dingTalkPaused!;
        for (var i = 0; i < N; i++)
        {
            logger.LogError(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogError, vs Console provider"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk provider, loop running")]
    public void DingTalk()
    {
        var logger = _dingTalk!;
        for (var i = 0; i < N; i++)
        {
            logger.LogError(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogError, vs no-op provider"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "no-op provider")]
    public void NoOpProviderError()
    {
        var logger = _noOpProvider!;
        for (var i = 0; i < N; i++)
        {
            logger.LogError(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogError, vs no-op provider"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk provider, loop running ")]
    public void DingTalkVsNoOp()
    {
        var logger = _dingTalk!;
        for (var i = 0; i < N; i++)
        {
            logger.LogError(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogError, vs no-op provider"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk provider, queue full (drop path)")]
    public void DingTalkQueueFull()
    {
        var logger = _dingTalkFull!;
        for (var i = 0; i < N; i++)
        {
            logger.LogError(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogInformation(template, args), below level"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "NullLogger")]
    public void NullLoggerExtension()
    {
        var logger = _null!;
        for (var i = 0; i < N; i++)
        {
            logger.LogInformation(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogInformation(template, args), below level"), Benchmark(OperationsPerInvoke = N, Description = "no-op provider at Warning")]
    public void NoOpProviderExtensionBelowLevel()
    {
        var logger = _noOpProvider!;
        for (var i = 0; i < N; i++)
        {
            logger.LogInformation(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogInformation(template, args), below level"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk provider at Warning")]
    public void DingTalkExtensionBelowLevel()
    {
        var logger = _dingTalk!;
        for (var i = 0; i < N; i++)
        {
            logger.LogInformation(Template, i, Order);
        }
    }

    [BenchmarkCategory("LoggerMessage.Define, below level"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "NullLogger ")]
    public void NullLoggerDefine()
    {
        var logger = _null!;
        for (var i = 0; i < N; i++)
        {
            PaymentFailedInfo(logger, i, Order, null);
        }
    }

    [BenchmarkCategory("LoggerMessage.Define, below level"), Benchmark(OperationsPerInvoke = N, Description = "no-op provider at Warning ")]
    public void NoOpProviderDefineBelowLevel()
    {
        var logger = _noOpProvider!;
        for (var i = 0; i < N; i++)
        {
            PaymentFailedInfo(logger, i, Order, null);
        }
    }

    [BenchmarkCategory("LoggerMessage.Define, below level"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk provider at Warning ")]
    public void DingTalkDefineBelowLevel()
    {
        var logger = _dingTalk!;
        for (var i = 0; i < N; i++)
        {
            PaymentFailedInfo(logger, i, Order, null);
        }
    }
}

/// <summary>A provider whose loggers do nothing.</summary>
internal sealed class NoOpLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => NoOpLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class NoOpLogger : ILogger
    {
        public static readonly NoOpLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
