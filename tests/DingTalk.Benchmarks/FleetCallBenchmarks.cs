using BenchmarkDotNet.Attributes;
using DingTalk.Robot.Testing;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.DingTalk;

namespace DingTalk.Benchmarks;

/// <summary>
/// What fleet mode costs one Serilog <c>Log.Error(template, args)</c>: the same sink with and without
/// <c>Fleet.Redis</c>. The fleet's Redis is one that cannot be reached (loopback port 1, refused at once): the logging
/// call never touches Redis (only the digest loop does), so it must cost the same whether Redis answers, is slow, or
/// is gone, and an unreachable one is the case where a mistake would show (a wait, an exception, a connection attempt
/// on the caller's thread). Each invocation is a loop of <see cref="LoggingCallBenchmarks.EventsPerInvoke"/> calls; the
/// iteration set-up waits for the digest loop to empty the queue, as in <see cref="SerilogCallBenchmarks"/>.
/// </summary>
[Config(typeof(CallConfig))]
public class FleetCallBenchmarks
{
    private const int N = LoggingCallBenchmarks.EventsPerInvoke;
    private const string Template = "Payment {PaymentId} for order {OrderId} failed";
    private const string Order = "SO-2024-000042";

    // Nothing listens on port 1 of loopback: every call to it fails at once (the digest loop then keeps to the local share).
    private const string UnreachableRedis = "127.0.0.1:1,connectTimeout=200";

    private readonly List<RobotEmulator> _robots = new();
    private Logger? _logger;
    private DingTalkSink? _sink;

    [GlobalSetup(Target = nameof(WithoutFleet))]
    public void SetupWithoutFleet() => Setup(fleetRedis: null);

    [GlobalSetup(Target = nameof(FleetRedisUnreachable))]
    public void SetupFleet() => Setup(UnreachableRedis);

    [GlobalCleanup]
    public void Cleanup()
    {
        _logger?.Dispose();
        foreach (var robot in _robots)
        {
            Console.WriteLine($"// Robot: {robot.Messages.Count} digests, at most {robot.MaxMessagesInAnyRollingMinute()} in a rolling minute.");
            robot.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [IterationSetup]
    public void WaitForEmptyQueue()
        => Wait.Until(() => (_sink?.Engine.QueuedCount ?? 0) == 0, TimeSpan.FromSeconds(60), "the DingTalk sink's queue to empty");

    [BenchmarkCategory("Error, fleet mode"), Benchmark(Baseline = true, OperationsPerInvoke = N, Description = "DingTalk, no fleet")]
    public void WithoutFleet()
    {
        var logger = _logger!;
        for (var i = 0; i < N; i++)
        {
            logger.Error(Template, i, Order);
        }
    }

    [BenchmarkCategory("Error, fleet mode"), Benchmark(OperationsPerInvoke = N, Description = "DingTalk, fleet (Redis unreachable)")]
    public void FleetRedisUnreachable()
    {
        var logger = _logger!;
        for (var i = 0; i < N; i++)
        {
            logger.Error(Template, i, Order);
        }
    }

    // Exactly what WriteTo.DingTalk(webhookUrl, fleetRedis: …) builds: the sink behind Serilog's level filter at Warning.
    private void Setup(string? fleetRedis)
    {
        var robot = Robots.Start();
        _robots.Add(robot);
        var options = new DingTalkSinkOptions
        {
            WebhookUrl = robot.WebhookUrl,
            QueueLimit = LoggingCallBenchmarks.QueueLimit,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
        options.Fleet.Redis = fleetRedis;
        options.Fleet.Name = "bench";
        options.Fleet.Replica = "bench-1";
        _sink = new DingTalkSink(options);
        _logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(_sink, LogEventLevel.Warning).CreateLogger();
    }
}
