using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Extensions.Logging.Tests.Reliability;

/// <summary>
/// What only MEL can do after the robot refused us for good (the refusal itself is a scenario of both front ends, in
/// DingTalk.Scenarios.Tests): the developer fixes <c>Logging:DingTalk</c> while the app runs, and the first digest
/// after the reload counts the events logged before the fix.
/// </summary>
public sealed class MelReloadRecoveryTests
{
    public static TheoryData<string> PermanentCauses => new() { "wrong secret", "missing keyword", "wrong token", "disabled robot" };

    [Theory]
    [MemberData(nameof(PermanentCauses))]
    public async Task A_configuration_reload_after_a_permanent_refusal_recovers_with_the_earlier_events_counted(string cause)
    {
        var (robot, bad, good, advice) = Permanent(cause);
        await using var rig = await ScenarioRig.StartAsync(new MelFrontEnd(bad), robot: robot);
        if (cause == "disabled robot")
        {
            // Disabled until the fix below, however many requests the ten minutes bring.
            rig.Robot.InjectFault(RobotFault.ErrCode(400102, "robot disabled"), 100);
        }

        // Ten simulated minutes of errors, all refused; the developer reads what to fix.
        var calls = new SlowestCall();
        for (var i = 0; i < 20; i++)
        {
            calls.Time(() => rig.App.Error("Payment {Id} failed", i));
            await rig.Time.AdvanceAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        }

        var requests = rig.Time.Http.RequestCount;
        Assert.InRange(requests, 8, 12);
        Assert.Empty(rig.Robot.Messages);
        rig.AssertLoggingNeverThrewNorBlocked(calls);
        await Poll.UntilAsync(() => rig.Diagnostics("Permanent").Count > 0, "the diagnostic reaches the app's loggers");
        Assert.Contains(advice, Assert.Single(rig.Diagnostics("Permanent")), StringComparison.Ordinal);

        // The fix: corrected configuration, reloaded at run time (for the disabled robot: enabled again).
        if (good is not null)
        {
            Assert.IsType<MelApp>(rig.App).Reload(good);
        }
        else
        {
            rig.Robot.ClearFaults();
        }

        rig.App.Warning("After the fix {N}", 1);
        await rig.Time.TryAdvanceUntilAsync(() => Ledger.Accounted(rig.Robot.Messages) >= 21, TimeSpan.FromMinutes(3));

        var digests = rig.Robot.Messages;
        Assert.True(Ledger.Accounted(digests) == 21, $"21 events logged, the digests account for {Ledger.Accounted(digests)}:\n{Ledger.Describe(digests)}\n{string.Join("\n", rig.App.Diagnostics)}\n{string.Join("\n", rig.Robot.Requests)}");
        // Counted as undelivered: the errors of the refused digests. A disabled robot enabled again is the same engine,
        // which sends the errors logged after its last refused attempt as they are (one or two at this pace, a few
        // more when a loaded machine lags the loop behind the simulated clock); the ledger above stays exact.
        Assert.InRange(Ledger.Undelivered(digests), cause == "disabled robot" ? 15 : 19, 20);
        // The note gives the last attempt's failure: the refusal, or (a loaded machine, the simulated clock jumping 30 s
        // while a real request is in flight) the client's timeout, whose outcome is unknown and worded so.
        Assert.True(
            digests.Any(d => d.Text!.Contains("could not be delivered: errcode " + ErrCode(cause), StringComparison.Ordinal)
                             || d.Text!.Contains("may not have been delivered", StringComparison.Ordinal)),
            string.Join("\n---\n", digests.Select(d => d.Text)) + "\n" + string.Join("\n", rig.App.Diagnostics));
        // A few requests, not a storm: the old engine's last attempt (refused), the digest of the engine the reload
        // made (two, when one change raises the reload twice and the first hands over to the second), and on a
        // loaded machine a retry after the client's timeout.
        Assert.InRange(rig.Time.Http.RequestCount - requests, 1, 4);
        SecretScan.AssertClean(rig.App.Diagnostics, ScenarioRig.AccessToken, ScenarioRig.Secret, rig.Time.Http.Signs);
    }

    private static string ErrCode(string cause) => cause switch
    {
        "wrong token" => "300001",
        "disabled robot" => "400102",
        _ => "310000",
    };

    // The robot's settings, the configuration the app starts with, the fix, and what the diagnostic must advise.
    private static (Action<RobotEmulatorOptions>? Robot, Dictionary<string, string?> Bad, Dictionary<string, string?>? Good, string Advice) Permanent(string cause) => cause switch
    {
        "wrong secret" => (null,
            new() { ["Logging:DingTalk:Secret"] = "SECnotTheRobotsSecret0000000000000000000000000000000000000000000000" },
            new() { ["Logging:DingTalk:Secret"] = ScenarioRig.Secret },
            "the secret does not match the robot's 加签 secret"),
        "missing keyword" => (r => r.Keywords = ["alert"],
            new(),
            new() { ["Logging:DingTalk:Keywords:0"] = "alert" },
            "set Keywords to the robot's keywords"),
        "wrong token" => (null,
            new() { ["Logging:DingTalk:WebhookUrl"] = MelFrontEnd.WebhookWithWrongToken },
            new() { ["Logging:DingTalk:WebhookUrl"] = MelFrontEnd.Webhook },
            "the access_token is wrong or the robot was deleted"),
        "disabled robot" => (null, new(), null, "the robot was disabled; enable it again"),
        _ => throw new ArgumentOutOfRangeException(nameof(cause)),
    };
}
