using System.Collections.Concurrent;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging.Tests.Reliability;

/// <summary>
/// A robot emulator and a generic host whose logging has the DingTalk provider (configured from
/// <c>Logging:DingTalk</c>), both on one simulated clock; the provider's own diagnostics — which it writes to the
/// application's loggers under its category — are captured.
/// </summary>
internal sealed class MelRig : IAsyncDisposable
{
    public const string Secret = "SECmelrel9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f";
    public const string AccessToken = "f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f";

    private bool _hostDisposed;

    private MelRig(SimulatedTime time, RobotEmulator robot, IHost host, DiagnosticsCapture diagnostics)
    {
        Time = time;
        Robot = robot;
        Host = host;
        DiagnosticsCapture = diagnostics;
        Logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Checkout.Payments");
        Configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
    }

    public SimulatedTime Time { get; }

    public RobotEmulator Robot { get; }

    public IHost Host { get; }

    public ILogger Logger { get; }

    public IConfigurationRoot Configuration { get; }

    public DiagnosticsCapture DiagnosticsCapture { get; }

    /// <summary>Every diagnostic line the provider wrote to the app's loggers.</summary>
    public IReadOnlyList<string> AllDiagnostics => DiagnosticsCapture.Lines;

    /// <summary>The provider's diagnostics of one kind ("Information", "Temporary", "Permanent", "Final").</summary>
    public IReadOnlyList<string> Diagnostics(string kind) => AllDiagnostics.Where(l => l.Contains($"DingTalk ({kind}):", StringComparison.Ordinal)).ToList();

    public static async Task<MelRig> StartAsync(
        Action<RobotEmulatorOptions>? robot = null,
        IDictionary<string, string?>? settings = null,
        SimulatedTime? time = null,
        bool useSimulatedClock = true)
    {
        time ??= new SimulatedTime();
        var robotOptions = new RobotEmulatorOptions { AccessToken = AccessToken, Secret = Secret };
        if (useSimulatedClock)
        {
            robotOptions.TimeProvider = time.RobotClock;
        }

        robot?.Invoke(robotOptions);
        var emulator = await RobotEmulator.StartAsync(robotOptions);

        var all = new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = emulator.WebhookUrl,
            ["Logging:DingTalk:Secret"] = Secret,
            ["Logging:DingTalk:Title"] = "Reliability",
            ["Logging:DingTalk:ShutdownTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = Expand(value, emulator);
        }

        var diagnostics = new DiagnosticsCapture();
        var host = TestHost.Build(all, logging =>
        {
            logging.AddProvider(diagnostics);
            logging.Services.Configure<DingTalkLoggerOptions>(o =>
            {
                o.MessageHandler = time.Http;
                if (useSimulatedClock)
                {
                    o.TimeProvider = time.Clock;
                }
            });
        });
        await host.StartAsync();
        return new MelRig(time, emulator, host, diagnostics);
    }

    /// <summary>Stops the host (FlushOnStop delivers what is pending) and disposes it (the provider shuts down).</summary>
    public async Task StopAndDisposeHostAsync()
    {
        if (_hostDisposed)
        {
            return;
        }

        _hostDisposed = true;
        await Host.StopAsync();
        Host.Dispose();
    }

    /// <summary>Disposes the host (and with it the provider), after the test stopped it.</summary>
    public void DisposeHost()
    {
        if (!_hostDisposed)
        {
            _hostDisposed = true;
            Host.Dispose();
        }
    }

    /// <summary>Changes settings and reloads the configuration, as editing appsettings.json at run time does.</summary>
    public void Reload(IDictionary<string, string?> changes)
    {
        foreach (var (key, value) in changes)
        {
            Configuration[key] = Expand(value, Robot);
        }

        Configuration.Reload();
    }

    /// <summary>Settings may say <c>{webhook}</c> for the emulator's webhook, or <c>{webhook-wrong-token}</c> for it with another token.</summary>
    private static string? Expand(string? value, RobotEmulator robot) => value switch
    {
        "{webhook}" => robot.WebhookUrl,
        "{webhook-wrong-token}" => robot.WebhookUrl.Replace(AccessToken, "0123456789abcdef", StringComparison.Ordinal),
        _ => value,
    };

    public async ValueTask DisposeAsync()
    {
        await StopAndDisposeHostAsync();
        await Robot.DisposeAsync();
        Time.Dispose();
    }
}

/// <summary>Captures what the provider writes under its own diagnostics category, and nothing else.</summary>
internal sealed class DiagnosticsCapture : ILoggerProvider
{
    public const string Category = "DingTalk.Extensions.Logging.DingTalkLoggerProvider";

    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? new Capturing(_lines) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Capturing(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => lines.Enqueue(formatter(state, exception));
    }

    private sealed class NullLogger : ILogger
    {
        public static readonly NullLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
