using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.FrontEnds;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Scenarios.Tests;

/// <summary>
/// The application logs far more than the robot may be sent: digests are paced to the minute's budget, the queue
/// keeps being drained while a post is in flight, and the digests add up to exactly what was logged.
/// </summary>
public sealed class FloodScenarios
{
    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task A_flood_of_100000_errors_stays_within_messagesPerMinute_and_adds_up(FrontEnd frontEnd)
    {
        const int Total = 100_000, Budget = 5;
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o =>
        {
            o.MessagesPerMinute = Budget;
            o.BatchSizeLimit = 100;
            o.BufferingTimeLimit = TimeSpan.FromSeconds(1);

            // Every batch told, so that the loop wants far more digests than the budget: the pacing is under test.
            o.RememberAlerts = false;
        });
        var calls = new SlowestCall();

        // A burst of 1,000 every 3 simulated seconds for five minutes: a full batch (100) is waiting every 3 s, so
        // the loop would send 20 digests a minute; the budget allows five. (Bursts further apart would fold into one
        // digest each and stay under the budget without any pacing.)
        for (var burst = 0; burst < 100; burst++)
        {
            await calls.RunAsync(SlowestCall.Split(1_000, 4), (t, i) => rig.App.Error("Flood {Burst} item {Item}", burst, i));
            await rig.Time.AdvanceAsync(TimeSpan.FromSeconds(3));
        }

        await rig.Time.AdvanceUntilAsync(() => Ledger.Accounted(rig.Robot.Messages) >= Total, TimeSpan.FromMinutes(10), "every event is accounted for");
        await rig.App.StopAsync();

        var digests = rig.Robot.Messages;
        Assert.True(Ledger.Accounted(digests) == Total, $"the digests account for {Ledger.Accounted(digests)}:\n{Ledger.Describe(digests)}");
        Assert.True(rig.Robot.MaxMessagesInAnyRollingMinute() <= Budget, $"{rig.Robot.MaxMessagesInAnyRollingMinute()} messages in one minute");
        Assert.DoesNotContain(rig.Robot.Requests, r => r.ErrCode == 130101);
        Assert.InRange(digests.Count, Budget, 8 * Budget);
        rig.AssertLoggingNeverThrewNorBlocked(calls);
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Full_batches_are_paced_to_an_even_share_of_the_minutes_budget(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o =>
        {
            o.BatchSizeLimit = 5;
            o.BufferingTimeLimit = TimeSpan.FromMinutes(10);
            o.MessagesPerMinute = 20;
            o.RememberAlerts = false;
        });

        // A full batch goes out at once, long before the buffering time limit: the clock need not move.
        Burst(rig.App, 5);
        await Poll.UntilAsync(() => rig.Robot.Messages.Count == 1, "the first full batch");
        var first = rig.Robot.Messages[0].ReceivedAt;

        // The second full batch waits for its share of the budget: 60 s / 20 = 3 s after the first digest.
        Burst(rig.App, 5);
        await rig.Time.AdvanceAsync(first + TimeSpan.FromSeconds(2) - rig.Time.Now);
        Assert.Equal(1, rig.Time.Http.RequestCount);
        await rig.Time.AdvanceUntilAsync(() => rig.Robot.Messages.Count == 2, TimeSpan.FromSeconds(10), "the second full batch");

        var digests = rig.Robot.Messages;
        Assert.True(digests[1].ReceivedAt - first >= TimeSpan.FromSeconds(3), $"the second digest came {digests[1].ReceivedAt - first} after the first");
        Assert.Equal(5, DigestText.EventCount(digests[0]));
        Assert.Equal(5, DigestText.EventCount(digests[1]));
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Events_keep_being_taken_from_the_queue_while_a_post_is_in_flight(FrontEnd frontEnd)
    {
        const int QueueLimit = 350;
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o =>
        {
            o.BatchSizeLimit = 1;
            o.QueueLimit = QueueLimit;
            o.BufferingTimeLimit = TimeSpan.FromMinutes(10);
        });

        // The robot holds the first digest's post for 5 s of the simulated clock (within the client's per-attempt
        // timeout), and the clock does not move meanwhile: the post stays in flight for as long as the test needs.
        rig.Robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(5)));
        rig.App.Error("The first event");
        await Poll.UntilAsync(() => rig.Time.RobotClock.TimersCreated == 1, "the robot holds the first post");

        // 1,000 events arrive meanwhile, 100 at a time (a queue of 350 holds three such bursts, not ten). The next burst
        // comes once the loop has taken the last one from the queue, which it must do with the post in flight.
        for (var i = 0; i < 10; i++)
        {
            Burst(rig.App, 100);
            await Poll.UntilAsync(() => rig.App.QueuedEvents == 0, "the loop takes the burst from the queue while the post is in flight");
        }

        // The first post was in flight the whole time: every burst came while it was.
        Assert.Equal(1, rig.Time.Http.InFlight);
        Assert.Equal(1, rig.Time.Http.RequestCount);

        // The robot answers; the events taken meanwhile follow in the next digest.
        rig.Time.Clock.Advance(TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => rig.Time.Http.InFlight == 0, "the robot answers the first post");
        await rig.Time.AdvanceUntilAsync(() => Ledger.Accounted(rig.Robot.Messages) >= 1_001, TimeSpan.FromMinutes(1), "every event is delivered");
        await rig.App.StopAsync();

        // Not one event dropped: the loop took them from the queue while the post was in flight.
        var digests = rig.Robot.Messages;
        Assert.Equal(1_001, digests.Sum(DigestText.EventCount));
        Assert.Equal(0, Ledger.Dropped(digests));
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task In_a_flood_that_fills_the_queue_a_rare_template_shows_its_exact_count(FrontEnd frontEnd)
    {
        // The 999,000 of A and 1,000 of B interleaved, at a tenth of the scale (the same mix) to keep the
        // suite fast: with the loop stalled, the queue holds 1,000 of them and refuses the rest.
        const int A = 99_900, B = 100, QueueLimit = 1_000, Threads = 4;
        const string TemplateA = "Timeout calling {Service}", TemplateB = "Disk full on {Volume}";
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o => o.QueueLimit = QueueLimit);
        var calls = new SlowestCall();
        var staller = new LoopStaller();
        rig.App.Error(staller, "Payment gateway unreachable");
        var stalling = rig.Time.AdvanceInBackgroundUntil(() => staller.HasStalled, TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(() => staller.HasStalled, "the loop formats the first digest");

        // Every thousandth call on each thread is B: 25 per thread, spread through the flood.
        await calls.RunAsync(SlowestCall.Split(A + B, Threads), (t, i) =>
        {
            if (i % 1_000 == 0)
            {
                rig.App.Error(TemplateB, "/var/data");
            }
            else
            {
                rig.App.Error(TemplateA, "payments");
            }
        });
        staller.Release();
        await stalling;

        const int Total = A + B + 1;
        await rig.Time.AdvanceUntilAsync(() => Ledger.Accounted(rig.Robot.Messages) >= Total, TimeSpan.FromMinutes(2), "every event is accounted for");
        await rig.App.StopAsync();

        var digests = rig.Robot.Messages;
        var ledger = Ledger.Describe(digests);
        Assert.True(Ledger.Accounted(digests) == Total, $"the digests account for {Ledger.Accounted(digests)}:\n{ledger}");
        Assert.True(Ledger.Uncollected(digests) >= A + B - QueueLimit, $"the full queue refused fewer than expected:\n{ledger}");
        Assert.Equal(B, Ledger.GroupCount(digests, TemplateB));
        Assert.Equal(A, Ledger.GroupCount(digests, TemplateA));
        Assert.Equal(0, Ledger.Dropped(digests));
        Assert.Equal(Total, Ledger.Attributed(digests));
        rig.AssertLoggingNeverThrewNorBlocked(calls);
    }

    private static void Burst(ILoggingApp app, int count)
    {
        for (var i = 0; i < count; i++)
        {
            app.Error("Flood event {Index}", i);
        }
    }
}
