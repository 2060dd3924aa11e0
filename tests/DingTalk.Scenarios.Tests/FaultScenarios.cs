using DingTalk.Robot.Digest;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.FrontEnds;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Scenarios.Tests;

/// <summary>
/// A slow robot, a throttled robot, a robot that refuses us for good, and a robot whose clock is far off ours: what
/// the front end does, what the group sees, and what the developer reads in the diagnostics.
/// </summary>
public sealed class FaultScenarios
{
    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task A_robot_slower_than_the_attempt_timeout_gets_the_digest_once_under_one_msgUuid(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter());
        rig.Robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(30)));
        rig.App.Error("Checkout failed for {Order}", 42);

        // The digest goes out after the buffering time limit; the robot sits on it.
        await rig.Time.AdvanceUntilAsync(() => rig.Time.RobotClock.TimersCreated == 1, TimeSpan.FromMinutes(1), "the robot holds the first attempt", evenDuringRequests: true);

        // The client's per-attempt timeout (10 s, on the same clock) abandons it; the engine retries after its backoff.
        rig.Time.Clock.Advance(TimeSpan.FromSeconds(10));
        await Poll.UntilAsync(() => rig.Time.Http.InFlight == 0, "the first attempt is abandoned");
        await rig.Time.AdvanceUntilAsync(() => rig.Robot.Messages.Count == 1, TimeSpan.FromMinutes(1), "the retry is accepted");

        // The robot finally processes the first attempt too: same msgUuid, so it is not posted again.
        await rig.Time.AdvanceUntilAsync(() => rig.Robot.Requests.Count == 2, TimeSpan.FromMinutes(1), "the delayed original is processed");
        await rig.Time.AdvanceAsync(TimeSpan.FromMinutes(1));

        var digest = Assert.Single(rig.Robot.Messages);
        Assert.Equal(1, DigestText.EventCount(digest));
        var requests = rig.Robot.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(digest.MsgUuid, r.MsgUuid));
        Assert.Single(requests, r => r.Duplicate);
        Assert.Equal(2, rig.Time.Http.RequestCount);
        var temporary = Assert.Single(rig.Diagnostics("Temporary"));
        Assert.Contains("per-attempt timeout", temporary, StringComparison.Ordinal);
        Assert.Contains("same msgUuid", temporary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task A_throttled_robot_gets_nothing_for_the_penalty_and_then_one_digest_with_everything_that_accumulated(FrontEnd frontEnd)
    {
        // The front end believes it may send 20 a minute; the robot allows 2, so it really throttles us (errcode 130101).
        await using var rig = await ScenarioRig.StartAsync(
            frontEnd.Adapter(),
            robot: r => r.MessagesPerMinute = 2,
            options: o =>
            {
                o.BatchSizeLimit = 1;
                o.BufferingTimeLimit = TimeSpan.FromSeconds(1);

                // Every batch told (no alert memory), so that three events make three requests.
                o.RememberAlerts = false;
            });
        for (var i = 1; i <= 3; i++)
        {
            rig.App.Error("Event {Number} before the throttle", i);
            await rig.Time.AdvanceUntilAsync(() => rig.Robot.Requests.Count == i, TimeSpan.FromSeconds(10), $"request {i}");
        }

        var throttled = rig.Robot.Requests[2];
        Assert.Equal(130101, throttled.ErrCode);
        Assert.NotNull(rig.Robot.ThrottledUntil);
        var penaltyEnds = rig.Robot.ThrottledUntil!.Value;

        // Ten simulated minutes of events: nothing at all is sent to the robot meanwhile.
        var logged = 0;
        while (rig.Time.Now < penaltyEnds - TimeSpan.FromSeconds(30))
        {
            for (var i = 0; i < 50; i++, logged++)
            {
                rig.App.Error(new TimeoutException("no answer"), "Timeout calling {Service}", i % 2 == 0 ? "payments" : "tax");
            }

            await rig.Time.AdvanceAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        }

        Assert.Equal(3, rig.Time.Http.RequestCount);

        await rig.Time.AdvanceUntilAsync(() => rig.Robot.Messages.Count == 4, TimeSpan.FromMinutes(2), "the digests after the penalty");
        var digests = rig.Robot.Messages;
        Assert.True(digests[2].ReceivedAt >= penaltyEnds);

        // First the digest that was refused, as it was (same msgUuid); then ONE digest with all that accumulated.
        Assert.Equal(throttled.MsgUuid, digests[2].MsgUuid);
        Assert.Equal(1, DigestText.EventCount(digests[2]));
        Assert.Equal(logged, DigestText.EventCount(digests[3]));
        Assert.Equal(5, rig.Time.Http.RequestCount);
        Assert.Equal(3 + logged, Ledger.Accounted(digests));
        Assert.Single(rig.Robot.Requests, r => r.ErrCode == 130101);
        var note = Assert.Single(rig.Diagnostics("Information"), l => l.Contains("throttled", StringComparison.Ordinal));
        Assert.Contains("accumulate", note, StringComparison.Ordinal);
    }

    public static TheoryData<FrontEnd, string> PermanentCauses => FrontEnds.With("wrong secret", "missing keyword", "wrong token", "disabled robot");

    [Theory]
    [MemberData(nameof(PermanentCauses))]
    public async Task A_permanent_refusal_is_reported_once_with_what_to_fix_and_the_robot_is_not_stormed(FrontEnd frontEnd, string cause)
    {
        var (configureRobot, configureOptions, advice) = Permanent(cause);
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), robot: configureRobot, options: configureOptions);
        if (cause == "disabled robot")
        {
            rig.Robot.InjectFault(RobotFault.ErrCode(400102, "robot disabled"), 100);
        }

        var started = rig.Time.Now;
        var calls = new SlowestCall();
        for (var minute = 0; minute < 20; minute++)
        {
            calls.Time(() => rig.App.Error("Payment {Id} failed", minute));
            await rig.Time.AdvanceAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        }

        calls.Time(() => rig.App.Error("Payment {Id} failed", 20));

        // Ten simulated minutes: one attempt per backoff interval (10 s, 20 s, 40 s, then a minute), never a storm.
        var requests = rig.Time.Http.RequestCount;
        Assert.InRange(requests, 8, 12);
        Assert.Empty(rig.Robot.Messages);

        // Still running: it keeps trying at the backoff's pace, and logging goes on.
        Assert.True(rig.Robot.Requests[^1].ReceivedAt - started > TimeSpan.FromMinutes(8));
        rig.AssertLoggingNeverThrewNorBlocked(calls);

        await Poll.UntilAsync(() => rig.Diagnostics("Permanent").Count > 0, "the diagnostic reaches the developer");
        var permanent = Assert.Single(rig.Diagnostics("Permanent"));
        Assert.Contains(advice, permanent, StringComparison.Ordinal);
        Assert.Contains("Retrying cannot fix this", permanent, StringComparison.Ordinal);
        Assert.Empty(rig.Diagnostics("Temporary"));

        // Shutting down makes one last attempt, not a burst that would spend the robot's whole budget (one per shutdown
        // phase: MEL's StopAsync and Dispose each make theirs).
        await rig.App.StopAsync();
        await rig.App.DisposeLoggingAsync();
        Assert.InRange(rig.Time.Http.RequestCount - requests, 0, rig.FrontEnd.ShutdownPhases);
        await Poll.UntilAsync(() => rig.Diagnostics("Final").Count > 0, "the Final diagnostic");
        var final = Assert.Single(rig.Diagnostics("Final"));
        Assert.Contains("21 events were not delivered before shutdown", final, StringComparison.Ordinal);
        SecretScan.AssertClean(rig.App.Diagnostics, ScenarioRig.AccessToken, ScenarioRig.Secret, rig.Time.Http.Signs);
    }

    public static TheoryData<FrontEnd, int> ClockOffsetsInHours => FrontEnds.With(2, -3);

    [Theory]
    [MemberData(nameof(ClockOffsetsInHours))]
    public async Task A_robot_whose_clock_is_hours_off_gets_a_diagnostic_that_names_the_clock(FrontEnd frontEnd, int hours)
    {
        var robotClock = new FakeTimeProvider(SimulatedTime.Epoch + TimeSpan.FromHours(hours));
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), robot: r => r.TimeProvider = robotClock);

        rig.App.Error("Payment {Id} failed", 1);
        // The digest is due 10 s after the event; the generous limit is for a loaded machine, where the simulated clock
        // runs ahead of a loop that waits for a core.
        await rig.Time.AdvanceUntilAsync(() => rig.Robot.Requests.Count > 0, TimeSpan.FromMinutes(10), "the digest reaches the robot");

        // In real time: MEL's provider may hand a diagnostic to the thread pool (when the app's logger is not resolved
        // yet), which a loaded machine runs later.
        await Poll.UntilAsync(() => rig.Diagnostics("Permanent").Count > 0, "the refusal is reported");

        var line = Assert.Single(rig.Diagnostics("Permanent"));
        Assert.Contains("invalid timestamp", line, StringComparison.Ordinal);
        Assert.Contains("clock skew", line, StringComparison.Ordinal);
        Assert.Contains("machine's clock", line, StringComparison.Ordinal);
        Assert.Contains("NTP", line, StringComparison.Ordinal);
    }

    private static (Action<RobotEmulatorOptions>? Robot, Action<DingTalkDigestOptions>? Options, string Advice) Permanent(string cause) => cause switch
    {
        "wrong secret" => (null, o => o.Secret = "SECnotTheRobotsSecret0000000000000000000000000000000000000000000000",
            "the secret does not match the robot's 加签 secret"),
        "missing keyword" => (r => r.Keywords = ["alert"], null, "set Keywords to the robot's keywords"),
        "wrong token" => (null, o => o.WebhookUrl = o.WebhookUrl!.Replace(ScenarioRig.AccessToken, "0123456789abcdef", StringComparison.Ordinal),
            "the access_token is wrong or the robot was deleted"),
        "disabled robot" => (null, null, "the robot was disabled; enable it again"),
        _ => throw new ArgumentOutOfRangeException(nameof(cause)),
    };
}
