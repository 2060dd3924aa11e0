using System.Diagnostics;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;

namespace Serilog.Sinks.DingTalk.Tests.Reliability;

/// <summary>
/// The application exits: what is pending is delivered, and when the robot cannot be reached the exit is not held up
/// beyond ShutdownTimeout and the developer is told how many events were lost.
/// </summary>
[Collection(SelfLogCollection.Name)]
public sealed class SerilogShutdownTests
{
    // What "returns within ShutdownTimeout" allows on top: thread scheduling and closing sockets on a busy machine.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task CloseAndFlush_delivers_every_pending_event()
    {
        await using var rig = await SerilogRig.StartAsync(sink: o => o.BufferingTimeLimit = TimeSpan.FromMinutes(10));
        Log.Logger = rig.Logger;
        for (var i = 0; i < 2_500; i++)
        {
            Log.Error("Order {OrderId} failed: {Reason}", i, i % 3 == 0 ? "card declined" : "timeout");
        }

        Log.Warning("Slow response from {Endpoint}", "/charge");
        await Log.CloseAndFlushAsync();

        var digests = rig.Robot.Messages;
        Assert.NotEmpty(digests);
        Assert.Equal(2_501, Ledger.Accounted(digests));
        Assert.Equal(0, Ledger.Dropped(digests) + Ledger.Undelivered(digests));
        Assert.Empty(rig.Diagnostics("Final"));
    }

    [Fact]
    public async Task With_the_robot_down_dispose_returns_within_the_shutdown_timeout_and_says_what_was_lost()
    {
        await using var rig = await SerilogRig.StartAsync(sink: o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        await rig.Robot.SimulateOutageAsync();
        for (var i = 0; i < 100; i++)
        {
            rig.Logger.Error("Order {OrderId} failed", i);
        }

        // The first digest has failed once and waits for its retry; 20 more events wait behind it.
        await rig.Time.AdvanceUntilAsync(() => rig.Time.Http.RequestCount == 1, TimeSpan.FromMinutes(1), "the first attempt");
        for (var i = 0; i < 20; i++)
        {
            rig.Logger.Warning("Queue {Queue} is backing up", "orders");
        }

        var stopwatch = Stopwatch.StartNew();
        await rig.Logger.DisposeAsync();
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < rig.Options.ShutdownTimeout + Margin, $"dispose took {stopwatch.Elapsed}");
        var final = Assert.Single(rig.Diagnostics("Final"));
        Assert.Contains("120 events were not delivered before shutdown", final, StringComparison.Ordinal);
        Assert.Contains("Connection refused", final, StringComparison.Ordinal);
        Assert.Equal(2, rig.Time.Http.RequestCount);
    }

    [Fact]
    public async Task With_a_robot_that_never_answers_dispose_returns_within_the_shutdown_timeout_on_the_real_clock()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = SerilogRig.Secret });
        robot.InjectFault(RobotFault.Delay(Timeout.InfiniteTimeSpan), 10);
        using var selfLog = SelfLogCapture.Start();
        var logger = new LoggerConfiguration()
            .WriteTo.DingTalk(robot.WebhookUrl, secret: SerilogRig.Secret, shutdownTimeout: TimeSpan.FromSeconds(1))
            .CreateLogger();
        logger.Error("Pending at exit {N}", 1);
        logger.Error("Pending at exit {N}", 2);

        var stopwatch = Stopwatch.StartNew();
        await logger.DisposeAsync();
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1) + Margin, $"dispose took {stopwatch.Elapsed}");
        await SimulatedTime.WaitUntilAsync(() => selfLog.Lines.Any(l => l.Contains("DingTalk (Final)", StringComparison.Ordinal)), "the Final diagnostic");
        Assert.Contains(selfLog.Lines, l => l.Contains("2 events were not delivered before shutdown", StringComparison.Ordinal));
        Assert.Empty(robot.Messages);
    }

    [Fact]
    public async Task Disposing_twice_and_logging_after_dispose_neither_throw_nor_hang()
    {
        await using var rig = await SerilogRig.StartAsync();
        rig.Logger.Error("Before dispose");
        await rig.Logger.DisposeAsync();
        rig.Logger.Dispose();

        var calls = new SlowestCall();
        calls.Time(() => rig.Logger.Error("After dispose"));
        calls.AssertNeverThrewNorBlocked();
        var digest = Assert.Single(rig.Robot.Messages);
        Assert.Equal(1, DigestText.EventCount(digest));
    }
}
