using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.FrontEnds;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Scenarios.Tests;

/// <summary>
/// The robot goes away and comes back while the application logs: the logging calls never block or throw, memory is
/// bounded by QueueLimit, the robot is not hammered, and afterwards every event is either delivered or counted.
/// </summary>
public sealed class OutageScenarios
{
    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Fifty_thousand_events_through_five_minutes_of_outage_and_5xx_are_all_accounted_for(FrontEnd frontEnd)
    {
        const int Total = 50_000, QueueLimit = 5_000, Threads = 4;
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o =>
        {
            o.QueueLimit = QueueLimit;
            o.RetryTimeLimit = TimeSpan.FromMinutes(3);
        });
        var calls = new SlowestCall();
        var logged = 0;

        // Minute 0: the robot refuses connections. The loop is stalled on the first digest while 9,999 events
        // arrive from four threads: the queue holds 5,000 of them and drops the rest, counting them.
        await rig.Robot.SimulateOutageAsync();
        var staller = new LoopStaller();
        calls.Time(() => rig.App.Error(staller, "Payment gateway unreachable"));
        logged++;
        var stalling = rig.Time.AdvanceInBackgroundUntil(() => staller.HasStalled, TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(() => staller.HasStalled, "the loop formats the first digest");
        await calls.RunAsync(SlowestCall.Split(9_999, Threads), (t, i) => rig.App.Error("Order {OrderId} failed on thread {Thread}", i, t));
        logged += 9_999;
        staller.Release();
        await stalling;

        // Then 5,000 events every 30 simulated seconds, each in a scope; half way, connections are accepted but
        // answered 503.
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
                using var scope = rig.App.BeginScope("Request {RequestId}", i);
                if (i % 10 == 0)
                {
                    rig.App.Warning("Retrying {Operation} (attempt {Attempt})", "charge", i);
                }
                else
                {
                    rig.App.Error(new TimeoutException("no answer"), "Timeout calling {Service}", t % 2 == 0 ? "payments" : "inventory");
                }
            });
            logged += 5_000;
        }

        var outageEnded = rig.Time.Now;
        Assert.Equal(Total, logged);

        // Recovery: everything arrives or is counted.
        await rig.Time.TryAdvanceUntilAsync(() => Ledger.Accounted(rig.Robot.Messages) >= Total, TimeSpan.FromMinutes(15));
        await rig.App.StopAsync();
        await rig.App.DisposeLoggingAsync();

        var digests = rig.Robot.Messages;
        Assert.True(
            Ledger.Accounted(digests) == Total,
            $"logged {Total}, the digests account for {Ledger.Accounted(digests)}:\n{Ledger.Describe(digests)}\n{string.Join("\n", rig.App.Diagnostics)}\n{string.Join("\n", rig.Robot.Requests)}");
        rig.AssertLoggingNeverThrewNorBlocked(calls);

        // Bounded memory: while the loop could not read, the engine held at most QueueLimit events; the rest were refused
        // and counted — in their template's group without details (or as dropped) in a batch that, here, went out during
        // the outage and was given up, so they are among "previous digest of N events could not be delivered".
        var refusedOrLost = Ledger.Dropped(digests) + Ledger.Uncollected(digests) + Ledger.Undelivered(digests);
        Assert.True(refusedOrLost >= 9_999 - QueueLimit, $"dropped, counted without details or undelivered: {refusedOrLost}\n{Ledger.Describe(digests)}");

        // The robot was not hammered: at most one attempt per backoff interval during the outage, within its budget after.
        var requestsDuringOutage = rig.Time.Http.RequestCount - rig.Robot.Requests.Count(r => r.ReceivedAt > outageEnded);
        Assert.InRange(requestsDuringOutage, 3, 12);
        Assert.True(rig.Robot.MaxMessagesInAnyRollingMinute() <= 20, $"{rig.Robot.MaxMessagesInAnyRollingMinute()} messages in one minute");
        Assert.DoesNotContain(rig.Robot.Requests, r => r.ErrCode == 130101);
        Assert.Equal(3, rig.Robot.Requests.Count(r => r.HttpStatus == 503));

        // What the developer reads: the outage once, and the recovery.
        Assert.Contains(rig.Diagnostics("Temporary"), l => l.Contains("Connection refused", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(rig.Diagnostics("Information"), l => l.Contains("delivered again", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task After_an_outage_the_digest_that_waited_is_delivered_once_with_its_msgUuid(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter());
        await rig.Robot.SimulateOutageAsync();

        // Two minutes of outage: the first digest is attempted at the backoff's pace and not delivered.
        rig.App.Error("Database {Name} is down", "orders");
        rig.App.Error("Database {Name} is down", "orders");
        await rig.Time.AdvanceAsync(TimeSpan.FromMinutes(2));
        var attempts = rig.Time.Http.RequestCount;
        Assert.InRange(attempts, 2, 5);
        Assert.Empty(rig.Robot.Messages);

        // The robot is back: the digest that waited arrives once, then the next one, each under its own msgUuid.
        await rig.Robot.EndOutageAsync();
        rig.App.Warning("Cache miss rate {Rate}", 0.9);
        await rig.Time.AdvanceUntilAsync(() => rig.Robot.Messages.Count == 2, TimeSpan.FromMinutes(3), "both digests arrive");

        var digests = rig.Robot.Messages;
        Assert.Equal(2, DigestText.EventCount(digests[0]));
        Assert.Contains("Database", digests[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, DigestText.EventCount(digests[1]));
        Assert.Equal(2, digests.Select(d => d.MsgUuid).Distinct().Count());
        Assert.Single(rig.Diagnostics("Temporary"));
        Assert.Single(rig.Diagnostics("Information"), l => l.Contains("delivered again", StringComparison.Ordinal));
    }
}
