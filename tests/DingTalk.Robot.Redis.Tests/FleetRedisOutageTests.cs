using System.Globalization;
using DingTalk.Robot.Redis.Tests.Infrastructure;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>
/// Chaos: Redis stopped under a fleet and started again on its port. Four replica processes (the Serilog sink in fleet
/// mode) log an incident against one emulated robot that enforces DingTalk's 20 messages in a rolling minute. While
/// Redis is down every replica goes on alone within its share (20 / 4), its digests say so and name it, and no logging
/// call blocks; when Redis is back they coordinate again and tell no known group as new; every event is accounted for.
/// </summary>
/// <remarks>
/// TEST-ONLY shortened minute, as in <see cref="FleetProcessTests"/>: the emulator's clock runs four times faster than
/// real time (its minute lasts 15 real seconds) and the replicas' fleet window is 15 s plus production's second. The
/// phases end on what is seen (digests arriving, the replicas' diagnostics), each within a deadline; the test takes
/// about 45 s. The replicas' local share keeps its real 61 s window, stricter than the scaled minute needs.
/// </remarks>
[Collection(FleetProcessCollection.Name)]
public sealed class FleetRedisOutageTests
{
    private const int Replicas = 4;
    private const int LocalShare = 20 / Replicas;
    private const double ClockFactor = 4;
    private const string New = "\U0001F195";
    private const string Unavailable = "\u26A0 fleet coordination unavailable, sent by ";
    private static readonly TimeSpan FleetWindow = TimeSpan.FromSeconds(60 / ClockFactor) + TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Redis_stopped_for_a_minute_and_restarted_the_replicas_go_alone_within_their_share_say_so_block_no_call_and_rejoin()
    {
        var server = await TestRedis.StoppableServerAsync();
        var clock = new ScaledClock(ClockFactor);
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { TimeProvider = clock });
        var replicas = Enumerable.Range(1, Replicas)
            .Select(i => ReplicaProcess.Start(
                $"orders-{i}",
                robot.WebhookUrl,
                server.ConnectionString,
                $"orders-{i}",
                "120",
                FleetWindow.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
                Replicas.ToString(CultureInfo.InvariantCulture),
                "own"))
            .ToArray();
        string Report() => string.Join("\n", replicas.Select(r => r.Describe()))
            + "\nthe robot's requests (emulator clock):\n" + string.Join("\n", robot.Requests.Select(r => $"{r.ReceivedAt:HH:mm:ss.fff} errcode {r.ErrCode}"))
            + "\nthe robot's messages:\n" + string.Join("\n", robot.Messages.Select(m => $"{m.ReceivedAt:HH:mm:ss.fff} {m.Title} | {FleetDigests.Signature(m)}"));
        IEnumerable<ReceivedMessage> From(ReplicaProcess r, DateTimeOffset after) => robot.Messages.Where(m => FleetDigests.Sender(m) == r.Name && m.ReceivedAt > after);

        DateTimeOffset stoppedAt, restartedAt, rejoinedAt;
        try
        {
            // Coordinated: every replica tells a problem of its own (🆕) through the fleet's budget (the incident they all
            // see is told by one of them: the fleet's alert memory); the memory then keeps each from being told again, so
            // each phase below starts a problem of its own to make a digest worth sending.
            Array.ForEach(replicas, r => r.StartPhase("start"));
            await PhasePoll.UntilAsync(() => replicas.All(r => From(r, DateTimeOffset.MinValue).Any()), "a digest from every replica", Phase, Report);

            // Down for at least an emulator minute, and until every replica has posted alone (after its quarantine of a
            // window), saying that the fleet is not coordinated.
            server.Stop();
            stoppedAt = clock.GetUtcNow();
            Array.ForEach(replicas, r => r.StartPhase("during"));
            await PhasePoll.UntilAsync(
                () => clock.GetUtcNow() - stoppedAt > TimeSpan.FromMinutes(1) && replicas.All(r => From(r, stoppedAt).Any(m => m.Text!.Contains(Unavailable + r.Name, StringComparison.Ordinal))),
                "a digest from every replica that says the fleet is not coordinated", Phase, Report);

            // Back: each replica learns it when its connection is restored, and says so.
            await server.RestartAsync();
            restartedAt = clock.GetUtcNow();
            await PhasePoll.UntilAsync(() => replicas.All(r => r.Said("Fleet coordination is back")), "every replica says the fleet coordinates again", Phase, Report);

            // Coordinated again: a digest formed now is signed without the warning.
            rejoinedAt = clock.GetUtcNow();
            Array.ForEach(replicas, r => r.StartPhase("rejoined"));
            await PhasePoll.UntilAsync(
                () => replicas.All(r => From(r, rejoinedAt).Any(m => m.Text!.Contains("Outage rejoined", StringComparison.Ordinal))),
                "a digest from every replica after it coordinates again", Phase, Report);
        }
        finally
        {
            if (!server.IsRunning)
            {
                await server.RestartAsync();
            }

            foreach (var replica in replicas)
            {
                replica.Stop();
            }

            await Task.WhenAll(replicas.Select(r => r.WaitAsync(TimeSpan.FromMinutes(2))));
            if (!TestRedis.IsShared(server))
            {
                server.Dispose();
            }
        }

        var report = Report();
        Assert.All(replicas, r => Assert.True(r.ExitCode == 0, report));

        // The robot: never throttled, never over 20 in a rolling minute, across both hand-overs.
        Assert.True(robot.Requests.All(r => r.ErrCode is not (130101 or 410100)), "throttled\n" + report);
        Assert.True(robot.MaxMessagesInAnyRollingMinute() <= 20, $"{robot.MaxMessagesInAnyRollingMinute()} in a rolling minute\n{report}");
        DigestChecks.AssertAllAccepted(robot);

        foreach (var replica in replicas)
        {
            // Alone within its share; what it posted alone says so and names it (a post already in flight at the stop aside).
            var alone = From(replica, stoppedAt).Where(m => m.ReceivedAt <= restartedAt).ToArray();
            Assert.True(alone.Length <= LocalShare, $"{replica.Name} posted {alone.Length} alone, its share is {LocalShare}\n{report}");
            Assert.All(alone.Where(m => m.ReceivedAt > stoppedAt.AddSeconds(2 * ClockFactor)), m => Assert.Contains(Unavailable + replica.Name, m.Text, StringComparison.Ordinal));

            // Said once each way; no logging call blocked (measured in the replica, around each call).
            Assert.Equal(1, replica.LinesSaying("Fleet coordination is unavailable (Redis at"));
            Assert.Equal(1, replica.LinesSaying("Fleet coordination is unavailable (the fleet's alert memory in Redis at"));
            Assert.True(replica.LinesSaying("Fleet coordination is back") >= 1, report);
            Assert.True(replica.SlowestCallMs is >= 0 and < 250, $"{replica.Name}'s slowest logging call took {replica.SlowestCallMs} ms\n{report}");

            // The first digest tells the replica's own problem as new; after Redis returns (empty: the fleet's memory is
            // gone, each replica's own remains), each digest is new only for the one problem its phase started, never
            // again for a known group.
            Assert.Contains(New, robot.Messages.First(m => FleetDigests.Sender(m) == replica.Name).Title, StringComparison.Ordinal);
            Assert.All(From(replica, restartedAt), m => Assert.True(
                !m.Title!.Contains(New, StringComparison.Ordinal) || m.Title.StartsWith(New + " 1 new", StringComparison.Ordinal),
                $"{m.Title} after Redis returned\n{report}"));

            // Coordinated again: what it formed then is signed without the warning.
            Assert.All(From(replica, rejoinedAt).Where(m => m.Text!.Contains("Outage rejoined", StringComparison.Ordinal)), m => Assert.Equal("sent by " + replica.Name, FleetDigests.Signature(m)));
        }

        // Every event of every replica is in the digests' counts.
        Assert.Equal(replicas.Sum(r => r.Logged), robot.Messages.Sum(DigestText.EventCount) + robot.Messages.Sum(DigestText.DroppedCount));
        Assert.Equal(0, robot.Messages.Sum(DigestText.UndeliveredCount));
    }
}
