using System.Diagnostics;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging.Tests.Reliability;

/// <summary>
/// The host stops: what is pending is delivered; when the robot cannot be reached the stop is not held up beyond the
/// shutdown timeout, and the app's own logs say how many events were lost.
/// </summary>
[Collection(WallClockCollection.Name)]
public sealed class MelShutdownTests
{
    // What "within ShutdownTimeout" allows on top: thread scheduling and closing sockets on a busy machine.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    private static async Task<(TimeSpan Stop, TimeSpan Dispose)> StopAndDisposeTimedAsync(MelRig rig)
    {
        var stopwatch = Stopwatch.StartNew();
        await rig.Host.StopAsync();
        var stop = stopwatch.Elapsed;
        stopwatch.Restart();
        rig.DisposeHost();
        return (stop, stopwatch.Elapsed);
    }

    [Fact]
    public async Task Host_StopAsync_delivers_every_pending_event()
    {
        await using var rig = await MelRig.StartAsync(settings: new Dictionary<string, string?> { ["Logging:DingTalk:BufferingTimeLimit"] = "00:10:00" });
        for (var i = 0; i < 2_500; i++)
        {
            rig.Logger.LogError("Order {OrderId} failed: {Reason}", i, i % 3 == 0 ? "card declined" : "timeout");
        }

        rig.Logger.LogCritical("Disk {Disk} is full", "/data");
        await rig.Host.StopAsync();

        // Delivered by StopAsync itself (FlushOnStop), before the host is disposed.
        Assert.Equal(2_501, Ledger.Accounted(rig.Robot.Messages));
        Assert.Equal(0, Ledger.Dropped(rig.Robot.Messages) + Ledger.Undelivered(rig.Robot.Messages));
        await rig.StopAndDisposeHostAsync();
        Assert.Empty(rig.Diagnostics("Final"));
    }

    [Fact]
    public async Task With_the_robot_down_the_host_stops_within_the_shutdown_timeout_and_says_what_was_lost()
    {
        await using var rig = await MelRig.StartAsync(settings: new Dictionary<string, string?> { ["Logging:DingTalk:ShutdownTimeout"] = "00:00:02" });
        await rig.Robot.SimulateOutageAsync();
        for (var i = 0; i < 100; i++)
        {
            rig.Logger.LogError("Order {OrderId} failed", i);
        }

        await rig.Time.AdvanceUntilAsync(() => rig.Time.Http.RequestCount == 1, TimeSpan.FromMinutes(1), "the first attempt");
        for (var i = 0; i < 20; i++)
        {
            rig.Logger.LogWarning("Queue {Queue} is backing up", "orders");
        }

        var (stop, dispose) = await StopAndDisposeTimedAsync(rig);

        // Each within the shutdown timeout; together too: nothing is waited for twice.
        Assert.True(stop < ShutdownTimeout + Margin, $"StopAsync took {stop}");
        Assert.True(dispose < ShutdownTimeout + Margin, $"Dispose took {dispose}");
        Assert.True(stop + dispose < ShutdownTimeout + Margin, $"StopAsync took {stop}, Dispose {dispose}");
        await SimulatedTime.WaitUntilAsync(() => rig.Diagnostics("Final").Count > 0, "the Final diagnostic", TimeSpan.FromSeconds(5));
        var final = Assert.Single(rig.Diagnostics("Final"));
        Assert.Contains("120 events were not delivered before shutdown", final, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_robot_that_never_answers_the_host_stops_within_the_shutdown_timeout_on_the_real_clock()
    {
        await using var rig = await MelRig.StartAsync(
            settings: new Dictionary<string, string?> { ["Logging:DingTalk:ShutdownTimeout"] = "00:00:02" },
            useSimulatedClock: false);
        rig.Robot.InjectFault(RobotFault.Delay(Timeout.InfiniteTimeSpan), 10);
        rig.Logger.LogError("Pending at exit {N}", 1);
        rig.Logger.LogError("Pending at exit {N}", 2);

        var (stop, dispose) = await StopAndDisposeTimedAsync(rig);

        // Each within the shutdown timeout. A request the robot never answers is waited for twice, though: by the
        // flush in StopAsync, then by Dispose (a known limit: the two do not share one budget).
        Assert.True(stop < ShutdownTimeout + Margin, $"StopAsync took {stop}");
        Assert.True(dispose < ShutdownTimeout + Margin, $"Dispose took {dispose}");
        Assert.True(stop + dispose < (2 * ShutdownTimeout) + Margin, $"StopAsync took {stop}, Dispose {dispose}");
        await SimulatedTime.WaitUntilAsync(() => rig.Diagnostics("Final").Count > 0, "the Final diagnostic", TimeSpan.FromSeconds(5));
        Assert.Contains("2 events were not delivered before shutdown", Assert.Single(rig.Diagnostics("Final")), StringComparison.Ordinal);
        Assert.Empty(rig.Robot.Messages);
    }
}
