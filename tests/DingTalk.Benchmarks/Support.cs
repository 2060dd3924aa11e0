using System.Diagnostics;
using DingTalk.Robot.Testing;
using Serilog.Core;
using Serilog.Events;

namespace DingTalk.Benchmarks;

/// <summary>The baseline sink: does nothing with the event Serilog built.</summary>
internal sealed class NoOpSink : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
    }
}

/// <summary>
/// A clock that can hold the digest loop: the loop reads <see cref="GetUtcNow"/> first thing on every round, so while
/// the gate is closed the loop stops right there and takes no CPU and allocates nothing. That isolates what a logging
/// call costs on the caller's thread (BenchmarkDotNet's allocation figure is process-wide). Timers and timestamps are
/// the system's. The benchmark's own thread is never held (the MEL provider reads the clock there, for the timestamp).
/// </summary>
internal sealed class GatedClock : TimeProvider
{
    [ThreadStatic]
    private static bool t_isCaller;

    private readonly ManualResetEventSlim _open = new(initialState: true);

    /// <summary>Marks the current thread as the one that logs: it is never held.</summary>
    public static void MarkCallerThread() => t_isCaller = true;

    public void Close() => _open.Reset();

    public void Open() => _open.Set();

    public override DateTimeOffset GetUtcNow()
    {
        if (!t_isCaller)
        {
            _open.Wait();
        }

        return base.GetUtcNow();
    }
}

internal static class Wait
{
    /// <summary>Waits until <paramref name="done"/> holds, for at most <paramref name="timeout"/>; throws if it never does.</summary>
    public static void Until(Func<bool> done, TimeSpan timeout, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!done())
        {
            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException("Timed out waiting for " + what + ".");
            }

            Thread.Sleep(1);
        }
    }
}

internal static class Robots
{
    /// <summary>A robot emulator on loopback with DingTalk's real limits (20 messages a minute).</summary>
    public static RobotEmulator Start() => RobotEmulator.StartAsync(new RobotEmulatorOptions()).GetAwaiter().GetResult();
}
