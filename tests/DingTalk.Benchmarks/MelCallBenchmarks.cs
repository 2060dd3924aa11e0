using BenchmarkDotNet.Attributes;
using DingTalk.Extensions.Logging;
using DingTalk.Robot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DingTalk.Benchmarks;

/// <summary>
/// What one Microsoft.Extensions.Logging <c>logger.LogError(template, args)</c> costs the caller through our provider,
/// against the Console provider writing to a null stream (it formats on the caller's thread and writes on its own), and
/// what an event below the provider's level costs against <see cref="NullLogger"/>. The digest loop does no per-event
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
    private RobotEmulator _robot = null!;
    private RobotEmulator _pausedRobot = null!;
    private ServiceProvider _pausedServices = null!;
    private DingTalkLoggerProvider _pausedProvider = null!;
    private ILogger _dingTalkPaused = null!;
    private ServiceProvider _dingTalkServices = null!;
    private ServiceProvider _consoleServices = null!;
    private DingTalkLoggerProvider _provider = null!;
    private ILogger _dingTalk = null!;
    private ILogger _console = null!;
    private ILogger _null = null!;
    private ServiceProvider _noOpServices = null!;
    private ILogger _noOpProvider = null!;

    [GlobalSetup]
    public void Setup()
    {
        _robot = Robots.Start();
        _dingTalkServices = new ServiceCollection()
            .AddLogging(b => b.AddDingTalk(o =>
            {
                o.WebhookUrl = _robot.WebhookUrl;
                o.ShutdownTimeout = TimeSpan.FromSeconds(2);
            }))
            .BuildServiceProvider();
        _dingTalk = _dingTalkServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        _provider = _dingTalkServices.GetServices<ILoggerProvider>().OfType<DingTalkLoggerProvider>().Single();

        // The same, with the digest loop held during each measured invocation: the caller's cost alone.
        GatedClock.MarkCallerThread();
        _pausedRobot = Robots.Start();
        _pausedServices = new ServiceCollection()
            .AddLogging(b => b.AddDingTalk(o =>
            {
                o.WebhookUrl = _pausedRobot.WebhookUrl;
                o.ShutdownTimeout = TimeSpan.FromSeconds(2);
                o.TimeProvider = _pausedClock;
            }))
            .BuildServiceProvider();
        _dingTalkPaused = _pausedServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        _pausedProvider = _pausedServices.GetServices<ILoggerProvider>().OfType<DingTalkLoggerProvider>().Single();

        // The Console provider takes Console.Out when it is created: give it a null stream, then put stdout back.
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            _consoleServices = new ServiceCollection().AddLogging(b => b.AddConsole()).BuildServiceProvider();
            _console = _consoleServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
            _console.LogError(Template, 0, Order);
        }
        finally
        {
            Console.SetOut(stdout);
        }

        _null = NullLogger.Instance;

        // The same Microsoft.Extensions.Logging pipeline with a provider that does nothing, filtered at Warning as ours
        // is: what an event below the level costs with any provider (MEL's filter answers before a provider is asked).
        _noOpServices = new ServiceCollection()
            .AddLogging(b => b.AddProvider(new NoOpLoggerProvider()).AddFilter<NoOpLoggerProvider>(null, LogLevel.Warning))
            .BuildServiceProvider();
        _noOpProvider = _noOpServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pausedClock.Open();
        _dingTalkServices.Dispose();
        _pausedServices.Dispose();
        _consoleServices.Dispose();
        _noOpServices.Dispose();
        Console.WriteLine($"// Robot: {_robot.Messages.Count} digests, at most {_robot.MaxMessagesInAnyRollingMinute()} in a rolling minute.");
        _robot.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _pausedRobot.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void WaitForEmptyQueue()
    {
        _pausedClock.Open();
        GatedClock.MarkCallerThread();
        Wait.Until(() => (_provider.Pipeline?.QueuedCount ?? 0) == 0, TimeSpan.FromSeconds(60), "the DingTalk provider's queue to empty");
        Wait.Until(() => (_pausedProvider.Pipeline?.QueuedCount ?? 0) == 0, TimeSpan.FromSeconds(60), "the paused DingTalk provider's queue to empty");
        _pausedClock.Close();
    }

    [IterationCleanup]
    public void Release() => _pausedClock.Open();

    [BenchmarkCategory("LogError, vs Console provider"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "Console (null stream)")]
    public void Console_()
    {
        var logger = _console;
        for (var i = 0; i < N; i++)
        {
            logger.LogError(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogError, vs Console provider"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk provider, loop paused (caller only)")]
    public void DingTalkLoopPaused()
    {
        var logger = _dingTalkPaused;
        for (var i = 0; i < N; i++)
        {
            logger.LogError(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogError, vs Console provider"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk provider, loop running")]
    public void DingTalk()
    {
        var logger = _dingTalk;
        for (var i = 0; i < N; i++)
        {
            logger.LogError(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogInformation(template, args), below level"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "NullLogger")]
    public void NullLoggerExtension()
    {
        var logger = _null;
        for (var i = 0; i < N; i++)
        {
            logger.LogInformation(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogInformation(template, args), below level"), Benchmark(OperationsPerInvoke = N, Description = "no-op provider at Warning")]
    public void NoOpProviderExtensionBelowLevel()
    {
        var logger = _noOpProvider;
        for (var i = 0; i < N; i++)
        {
            logger.LogInformation(Template, i, Order);
        }
    }

    [BenchmarkCategory("LogInformation(template, args), below level"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk provider at Warning")]
    public void DingTalkExtensionBelowLevel()
    {
        var logger = _dingTalk;
        for (var i = 0; i < N; i++)
        {
            logger.LogInformation(Template, i, Order);
        }
    }

    [BenchmarkCategory("LoggerMessage.Define, below level"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "NullLogger ")]
    public void NullLoggerDefine()
    {
        var logger = _null;
        for (var i = 0; i < N; i++)
        {
            PaymentFailedInfo(logger, i, Order, null);
        }
    }

    [BenchmarkCategory("LoggerMessage.Define, below level"), Benchmark(OperationsPerInvoke = N, Description = "no-op provider at Warning ")]
    public void NoOpProviderDefineBelowLevel()
    {
        var logger = _noOpProvider;
        for (var i = 0; i < N; i++)
        {
            PaymentFailedInfo(logger, i, Order, null);
        }
    }

    [BenchmarkCategory("LoggerMessage.Define, below level"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk provider at Warning ")]
    public void DingTalkDefineBelowLevel()
    {
        var logger = _dingTalk;
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
