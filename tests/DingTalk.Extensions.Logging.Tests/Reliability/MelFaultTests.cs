using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Extensions.Logging.Tests.Reliability;

/// <summary>
/// The robot goes away, is slow, throttles us, refuses us for good, or has a clock far off ours — as seen through
/// <c>ILogger</c>: what the group gets, what the app's own logs say, and that the app is never held up.
/// </summary>
public sealed class MelFaultTests
{
    [Fact]
    public async Task Fifty_thousand_events_through_five_minutes_of_outage_and_5xx_are_all_accounted_for()
    {
        const int Total = 50_000, QueueLimit = 5_000, Threads = 4;
        await using var rig = await MelRig.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Logging:DingTalk:QueueLimit"] = "5000",
            ["Logging:DingTalk:RetryTimeLimit"] = "00:03:00",
        });
        var calls = new SlowestCall();
        var logged = 0;

        await rig.Robot.SimulateOutageAsync();
        var staller = new LoopStaller();
        calls.Time(() => rig.Logger.LogError(staller, "Payment gateway unreachable"));
        logged++;
        var stalling = rig.Time.AdvanceInBackgroundUntil(() => staller.HasStalled, TimeSpan.FromMinutes(1));
        await SimulatedTime.WaitUntilAsync(() => staller.HasStalled, "the loop formats the first digest");
        await calls.RunAsync(SlowestCall.Split(9_999, Threads), (t, i) => rig.Logger.LogError("Order {OrderId} failed on thread {Thread}", i, t));
        logged += 9_999;
        staller.Release();
        await stalling;

        for (var round = 1; round <= 8; round++)
        {
            await rig.Time.AdvanceAsync(TimeSpan.FromSeconds(30));
            if (round == 4)
            {
                await rig.Robot.EndOutageAsync();
                rig.Robot.InjectFault(RobotFault.HttpStatus(503), 3);
            }

            await calls.RunAsync(SlowestCall.Split(5_000, Threads), (t, i) =>
            {
                using var scope = rig.Logger.BeginScope("Request {RequestId}", i);
                if (i % 10 == 0)
                {
                    rig.Logger.LogWarning("Retrying {Operation} (attempt {Attempt})", "charge", i);
                }
                else
                {
                    rig.Logger.LogError(new EventId(1001, "Timeout"), new TimeoutException("no answer"), "Timeout calling {Service}", t % 2 == 0 ? "payments" : "inventory");
                }
            });
            logged += 5_000;
        }

        var outageEnded = rig.Time.Now;
        Assert.Equal(Total, logged);
        await rig.Time.TryAdvanceUntilAsync(() => Ledger.Accounted(rig.Robot.Messages) >= Total, TimeSpan.FromMinutes(15));
        await rig.StopAndDisposeHostAsync();

        var digests = rig.Robot.Messages;
        Assert.True(Ledger.Accounted(digests) == Total, $"logged {Total}, the digests account for {Ledger.Accounted(digests)}:\n{Ledger.Describe(digests)}\n{string.Join("\n", rig.AllDiagnostics)}");
        calls.AssertNeverThrewNorBlocked();
        Assert.True(Ledger.Dropped(digests) >= 9_999 - QueueLimit, $"dropped {Ledger.Dropped(digests)}");
        var requestsDuringOutage = rig.Time.Http.RequestCount - rig.Robot.Requests.Count(r => r.ReceivedAt > outageEnded);
        Assert.InRange(requestsDuringOutage, 3, 12);
        Assert.True(rig.Robot.MaxMessagesInAnyRollingMinute() <= 20, $"{rig.Robot.MaxMessagesInAnyRollingMinute()} messages in one minute");
        Assert.DoesNotContain(rig.Robot.Requests, r => r.ErrCode == 130101);
        Assert.Contains(rig.Diagnostics("Temporary"), l => l.Contains("Connection refused", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(rig.Diagnostics("Information"), l => l.Contains("delivered again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_robot_slower_than_the_attempt_timeout_gets_the_digest_once_under_one_msgUuid()
    {
        await using var rig = await MelRig.StartAsync();
        rig.Robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(30)));
        rig.Logger.LogError("Checkout failed for {Order}", 42);

        await rig.Time.AdvanceUntilAsync(() => rig.Time.RobotClock.TimersCreated == 1, TimeSpan.FromMinutes(1), "the robot holds the first attempt", evenDuringRequests: true);
        rig.Time.Clock.Advance(TimeSpan.FromSeconds(10));
        await SimulatedTime.WaitUntilAsync(() => rig.Time.Http.InFlight == 0, "the first attempt is abandoned");
        await rig.Time.AdvanceUntilAsync(() => rig.Robot.Messages.Count == 1, TimeSpan.FromMinutes(1), "the retry is accepted");
        await rig.Time.AdvanceUntilAsync(() => rig.Robot.Requests.Count == 2, TimeSpan.FromMinutes(1), "the delayed original is processed");

        var digest = Assert.Single(rig.Robot.Messages);
        Assert.All(rig.Robot.Requests, r => Assert.Equal(digest.MsgUuid, r.MsgUuid));
        Assert.Single(rig.Robot.Requests, r => r.Duplicate);
        Assert.Contains(rig.Diagnostics("Temporary"), l => l.Contains("per-attempt timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_throttled_robot_gets_nothing_for_the_penalty_and_then_one_digest_with_everything_that_accumulated()
    {
        await using var rig = await MelRig.StartAsync(
            robot: r => r.MessagesPerMinute = 2,
            settings: new Dictionary<string, string?>
            {
                ["Logging:DingTalk:BatchSizeLimit"] = "1",
                ["Logging:DingTalk:BufferingTimeLimit"] = "00:00:01",
            });
        for (var i = 1; i <= 3; i++)
        {
            rig.Logger.LogError("Event {Number} before the throttle", i);
            await rig.Time.AdvanceUntilAsync(() => rig.Robot.Requests.Count == i, TimeSpan.FromSeconds(10), $"request {i}");
        }

        var throttled = rig.Robot.Requests[2];
        Assert.Equal(130101, throttled.ErrCode);
        var penaltyEnds = rig.Robot.ThrottledUntil!.Value;
        var logged = 0;
        while (rig.Time.Now < penaltyEnds - TimeSpan.FromSeconds(30))
        {
            for (var i = 0; i < 50; i++, logged++)
            {
                rig.Logger.LogError(new TimeoutException("no answer"), "Timeout calling {Service}", i % 2 == 0 ? "payments" : "tax");
            }

            await rig.Time.AdvanceAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        }

        Assert.Equal(3, rig.Time.Http.RequestCount);
        await rig.Time.AdvanceUntilAsync(() => rig.Robot.Messages.Count == 4, TimeSpan.FromMinutes(2), "the digests after the penalty");

        var digests = rig.Robot.Messages;
        Assert.True(digests[2].ReceivedAt >= penaltyEnds);
        Assert.Equal(throttled.MsgUuid, digests[2].MsgUuid);
        Assert.Equal(logged, DigestText.EventCount(digests[3]));
        Assert.Equal(3 + logged, Ledger.Accounted(digests));
        Assert.Equal(5, rig.Time.Http.RequestCount);
        Assert.Single(rig.Diagnostics("Information"), l => l.Contains("throttled", StringComparison.Ordinal));
    }

    public static TheoryData<string> PermanentCauses => new() { "wrong secret", "missing keyword", "wrong token", "disabled robot" };

    [Theory]
    [MemberData(nameof(PermanentCauses))]
    public async Task A_permanent_refusal_is_reported_once_and_a_configuration_reload_recovers_with_the_earlier_events_counted(string cause)
    {
        var (robot, bad, good, advice) = Permanent(cause);
        await using var rig = await MelRig.StartAsync(robot: robot, settings: bad);
        if (cause == "disabled robot")
        {
            rig.Robot.InjectFault(RobotFault.ErrCode(400102, "robot disabled"), 12);
        }

        var started = rig.Time.Now;
        var calls = new SlowestCall();
        for (var i = 0; i < 20; i++)
        {
            calls.Time(() => rig.Logger.LogError("Payment {Id} failed", i));
            await rig.Time.AdvanceAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        }

        var requests = rig.Time.Http.RequestCount;
        Assert.InRange(requests, 8, 12);
        Assert.Empty(rig.Robot.Messages);
        Assert.True(rig.Robot.Requests[^1].ReceivedAt - started > TimeSpan.FromMinutes(8));
        calls.AssertNeverThrewNorBlocked();
        await SimulatedTime.WaitUntilAsync(() => rig.Diagnostics("Permanent").Count > 0, "the diagnostic reaches the app's loggers");
        var permanent = Assert.Single(rig.Diagnostics("Permanent"));
        Assert.Contains(advice, permanent, StringComparison.Ordinal);

        // The fix: corrected configuration, reloaded at run time (for the disabled robot: enabled again).
        if (good is not null)
        {
            rig.Reload(good);
        }

        rig.Logger.LogWarning("After the fix {N}", 1);
        await rig.Time.TryAdvanceUntilAsync(() => Ledger.Accounted(rig.Robot.Messages) >= 21, TimeSpan.FromMinutes(3));

        var digests = rig.Robot.Messages;
        Assert.True(Ledger.Accounted(digests) == 21, $"21 events logged, the digests account for {Ledger.Accounted(digests)}:\n{Ledger.Describe(digests)}\n{string.Join("\n", rig.AllDiagnostics)}\n{string.Join("\n", rig.Robot.Requests)}");
        Assert.InRange(Ledger.Undelivered(digests), 19, 20);
        Assert.Contains(digests, d => d.Text!.Contains("could not be delivered: errcode " + ErrCode(cause), StringComparison.Ordinal));
        Assert.InRange(rig.Time.Http.RequestCount - requests, 1, 3);
        SecretScan.AssertClean(rig.AllDiagnostics, MelRig.AccessToken, MelRig.Secret, rig.Time.Http.Signs);
    }

    [Fact]
    public async Task A_robot_whose_clock_is_hours_off_gets_a_diagnostic_that_names_the_clock()
    {
        var robotClock = new FakeTimeProvider(SimulatedTime.Epoch - TimeSpan.FromHours(3));
        await using var rig = await MelRig.StartAsync(robot: r => r.TimeProvider = robotClock);

        rig.Logger.LogError("Payment {Id} failed", 1);
        await rig.Time.AdvanceUntilAsync(() => rig.Diagnostics("Permanent").Count > 0, TimeSpan.FromMinutes(1), "the refusal is reported");

        var line = Assert.Single(rig.Diagnostics("Permanent"));
        Assert.Contains("clock skew", line, StringComparison.Ordinal);
        Assert.Contains("machine's clock", line, StringComparison.Ordinal);
    }

    private static string ErrCode(string cause) => cause switch
    {
        "wrong token" => "300001",
        "disabled robot" => "400102",
        _ => "310000",
    };

    internal static (Action<RobotEmulatorOptions>? Robot, Dictionary<string, string?> Bad, Dictionary<string, string?>? Good, string Advice) Permanent(string cause) => cause switch
    {
        "wrong secret" => (null,
            new() { ["Logging:DingTalk:Secret"] = "SECnotTheRobotsSecret0000000000000000000000000000000000000000000000" },
            new() { ["Logging:DingTalk:Secret"] = MelRig.Secret },
            "the secret does not match the robot's 加签 secret"),
        "missing keyword" => (r => r.Keywords = ["alert"],
            new(),
            new() { ["Logging:DingTalk:Keywords:0"] = "alert" },
            "set Keywords to the robot's keywords"),
        "wrong token" => (null,
            new() { ["Logging:DingTalk:WebhookUrl"] = "{webhook-wrong-token}" },
            new() { ["Logging:DingTalk:WebhookUrl"] = "{webhook}" },
            "the access_token is wrong or the robot was deleted"),
        "disabled robot" => (null, new(), null, "the robot was disabled; enable it again"),
        _ => throw new ArgumentOutOfRangeException(nameof(cause)),
    };
}
