using System.Collections.Concurrent;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared.Reliability;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace Serilog.Sinks.DingTalk.Tests.Reliability;

/// <summary>
/// A robot emulator and a Serilog logger writing to it through the DingTalk sink, both on one simulated clock, with
/// Serilog's SelfLog captured (the sink's diagnostics go there). SelfLog is process-wide: every test that uses this
/// belongs to <see cref="SelfLogCollection"/>.
/// </summary>
internal sealed class SerilogRig : IAsyncDisposable
{
    public const string Secret = "SECrel7f3c9a1b2d4e6f80a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6";
    public const string AccessToken = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2";

    private readonly SelfLogCapture _selfLog;

    private SerilogRig(SimulatedTime time, RobotEmulator robot, DingTalkSinkOptions options, Logger logger, SelfLogCapture selfLog)
    {
        Time = time;
        Robot = robot;
        Options = options;
        Logger = logger;
        _selfLog = selfLog;
    }

    public SimulatedTime Time { get; }

    public RobotEmulator Robot { get; }

    public DingTalkSinkOptions Options { get; }

    public Logger Logger { get; }

    /// <summary>The SelfLog lines written since the rig started.</summary>
    public IReadOnlyList<string> SelfLog => _selfLog.Lines;

    /// <summary>The sink's diagnostics of one kind ("Information", "Temporary", "Permanent", "Final").</summary>
    public IReadOnlyList<string> Diagnostics(string kind) => SelfLog.Where(l => l.Contains($"DingTalk ({kind}):", StringComparison.Ordinal)).ToList();

    public static async Task<SerilogRig> StartAsync(
        Action<RobotEmulatorOptions>? robot = null,
        Action<DingTalkSinkOptions>? sink = null,
        SimulatedTime? time = null)
    {
        time ??= new SimulatedTime();
        var robotOptions = new RobotEmulatorOptions { AccessToken = AccessToken, Secret = Secret, TimeProvider = time.RobotClock };
        robot?.Invoke(robotOptions);
        var emulator = await RobotEmulator.StartAsync(robotOptions);

        var options = new DingTalkSinkOptions
        {
            WebhookUrl = emulator.WebhookUrl,
            Secret = Secret,
            Title = "Reliability",
            TimeProvider = time.Clock,
            MessageHandler = time.Http,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
        sink?.Invoke(options);

        var selfLog = SelfLogCapture.Start();
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.DingTalk(options, LogEventLevel.Verbose)
            .CreateLogger();
        return new SerilogRig(time, emulator, options, logger, selfLog);
    }

    public async ValueTask DisposeAsync()
    {
        await Logger.DisposeAsync();
        _selfLog.Dispose();
        await Robot.DisposeAsync();
        Time.Dispose();
    }
}

/// <summary>Captures Serilog's SelfLog until disposed.</summary>
internal sealed class SelfLogCapture : IDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();

    private SelfLogCapture()
    {
    }

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public static SelfLogCapture Start()
    {
        var capture = new SelfLogCapture();
        SelfLog.Enable(line => capture._lines.Enqueue(line));
        return capture;
    }

    public void Dispose() => SelfLog.Disable();
}
