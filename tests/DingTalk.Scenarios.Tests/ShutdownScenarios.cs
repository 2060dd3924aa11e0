using System.Diagnostics;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.FrontEnds;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Scenarios.Tests;

/// <summary>
/// The application exits: what is pending is delivered, and when the robot cannot be reached the exit is not held up
/// beyond ShutdownTimeout and the developer is told how many events were lost.
/// </summary>
public sealed class ShutdownScenarios
{
    // What "returns within ShutdownTimeout" allows on top: thread scheduling and closing sockets on a busy machine.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan QuickStop = TimeSpan.FromSeconds(1.5);

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Stopping_the_app_delivers_every_pending_event(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o => o.BufferingTimeLimit = TimeSpan.FromMinutes(10));
        for (var i = 0; i < 2_500; i++)
        {
            rig.App.Error("Order {OrderId} failed: {Reason}", i, i % 3 == 0 ? "card declined" : "timeout");
        }

        rig.App.Critical("Disk {Disk} is full", "/data");
        await rig.App.StopAsync();

        // Delivered by the stop itself (Serilog: disposing the logger; MEL: StopAsync's flush, before the host is disposed).
        var digests = rig.Robot.Messages;
        Assert.NotEmpty(digests);
        Assert.Equal(2_501, Ledger.Accounted(digests));
        Assert.Equal(0, Ledger.Dropped(digests) + Ledger.Undelivered(digests));
        await rig.App.DisposeLoggingAsync();
        Assert.Empty(rig.Diagnostics("Final"));
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task With_the_robot_down_the_app_stops_within_the_shutdown_timeout_and_says_what_was_lost(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o => o.ShutdownTimeout = ShutdownTimeout);
        await rig.Robot.SimulateOutageAsync();
        for (var i = 0; i < 100; i++)
        {
            rig.App.Error("Order {OrderId} failed", i);
        }

        // The first digest has failed once and waits for its retry; 20 more events wait behind it.
        await rig.Time.AdvanceUntilAsync(() => rig.Time.Http.RequestCount == 1, TimeSpan.FromMinutes(1), "the first attempt");
        for (var i = 0; i < 20; i++)
        {
            rig.App.Warning("Queue {Queue} is backing up", "orders");
        }

        var (stop, dispose) = await StopAndDisposeTimedAsync(rig.App);

        // Each within the shutdown timeout; together too: nothing is waited for twice.
        Assert.True(stop < ShutdownTimeout + Margin, $"stopping took {stop}");
        Assert.True(dispose < ShutdownTimeout + Margin, $"disposing took {dispose}");
        Assert.True(stop + dispose < ShutdownTimeout + Margin, $"stopping took {stop}, disposing {dispose}");
        await Poll.UntilAsync(() => rig.Diagnostics("Final").Count > 0, "the Final diagnostic");
        var final = Assert.Single(rig.Diagnostics("Final"));
        Assert.Contains("120 events were not delivered before shutdown", final, StringComparison.Ordinal);
        Assert.Contains("Connection refused", final, StringComparison.Ordinal);
        Assert.Equal(2, rig.Time.Http.RequestCount);
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task With_a_robot_that_never_answers_the_app_stops_within_the_shutdown_timeout_on_the_real_clock(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o => o.ShutdownTimeout = ShutdownTimeout, realClock: true);
        rig.Robot.InjectFault(RobotFault.Delay(Timeout.InfiniteTimeSpan), 10);
        rig.App.Error("Pending at exit {N}", 1);
        rig.App.Error("Pending at exit {N}", 2);

        var (stop, dispose) = await StopAndDisposeTimedAsync(rig.App);

        // Each within the shutdown timeout. With MEL a request the robot never answers is waited for twice, though: by
        // the flush in StopAsync, then by Dispose (a known limit: the two do not share one budget).
        Assert.True(stop < ShutdownTimeout + Margin, $"stopping took {stop}");
        Assert.True(dispose < ShutdownTimeout + Margin, $"disposing took {dispose}");
        Assert.True(stop + dispose < (rig.FrontEnd.ShutdownPhases * ShutdownTimeout) + Margin, $"stopping took {stop}, disposing {dispose}");
        await Poll.UntilAsync(() => rig.Diagnostics("Final").Count > 0, "the Final diagnostic");
        Assert.Contains("2 events were not delivered before shutdown", Assert.Single(rig.Diagnostics("Final")), StringComparison.Ordinal);
        Assert.Empty(rig.Robot.Messages);
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Logging_during_the_stop_does_not_burn_the_budget_and_the_stop_is_quick(FrontEnd frontEnd)
    {
        // Real time, as in production: a robot that answers in 150 ms, and workers that keep logging while the app stops.
        // A digest went out just before (which also warms up the HTTP path): the stop does not wait for the spacing.
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o => o.BufferingTimeLimit = TimeSpan.FromMilliseconds(100), realClock: true);
        rig.App.Warning("Deploy {Version} starting", "2.4.1");
        await Poll.UntilAsync(() => rig.Robot.Messages.Count == 1, "the digest before the stop");
        rig.Robot.InjectFault(RobotFault.Delay(TimeSpan.FromMilliseconds(150)), 100);
        for (var i = 0; i < 20; i++)
        {
            rig.App.Warning("Worker {Worker} is draining", i);
        }

        using var stopLogging = new CancellationTokenSource();
        var worker = Task.Run(async () =>
        {
            while (!stopLogging.IsCancellationRequested)
            {
                rig.App.Warning("Still draining {Queue}", "orders");
                await Task.Delay(10);
            }
        });

        var (stop, dispose) = await StopAndDisposeTimedAsync(rig.App);
        await stopLogging.CancelAsync();
        await worker;

        // One digest for what was pending at the stop, at most one more for what came meanwhile; the rest is counted.
        // Each step is one 150 ms post (it took 10 s when every event logged meanwhile became a digest of its own); the
        // bound leaves a loaded CI machine room.
        Assert.True(stop < QuickStop, $"stopping took {stop}");
        Assert.True(dispose < QuickStop, $"disposing took {dispose}");
        var digests = rig.Robot.Messages.Skip(1).ToList();
        Assert.InRange(digests.Count, 1, 2);
        Assert.True(Ledger.Events(digests) >= 20, Ledger.Describe(digests));
        Assert.DoesNotContain(digests, d => d.Text!.Contains("queue full", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.App.Diagnostics, d => d.Contains("queue full", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Robot.Requests, r => r.ErrCode == 130101);
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Disposing_twice_and_logging_after_dispose_neither_throw_nor_hang(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter());
        rig.App.Error("Before dispose");
        await rig.App.StopAsync();
        await rig.App.DisposeLoggingAsync();
        await rig.App.DisposeLoggingAsync();

        var calls = new SlowestCall();
        calls.Time(() => rig.App.Error("After dispose"));
        rig.AssertLoggingNeverThrewNorBlocked(calls);
        var digest = Assert.Single(rig.Robot.Messages);
        Assert.Equal(1, DigestText.EventCount(digest));
    }

    private static async Task<(TimeSpan Stop, TimeSpan Dispose)> StopAndDisposeTimedAsync(ILoggingApp app)
    {
        var stopwatch = Stopwatch.StartNew();
        await app.StopAsync();
        var stop = stopwatch.Elapsed;
        stopwatch.Restart();
        await app.DisposeLoggingAsync();
        return (stop, stopwatch.Elapsed);
    }
}
