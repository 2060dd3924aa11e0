using System.Globalization;
using System.Text.RegularExpressions;
using DingTalk.Robot.Redis.Tests.Infrastructure;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>
/// Chaos, with the fleet's one digest (the default): Redis stopped under four replica processes for over a minute and
/// started again (empty: the tests' server keeps nothing on disk). While it is down each replica sends its own
/// digests, marked ⚠ with its name, within its share, and no logging call blocks; when it is back the fleet's one
/// digest resumes from the holder, tells no group known before the outage as new, and every event is counted once.
/// </summary>
/// <remarks>TEST-ONLY shortened minute, as in <see cref="FleetRedisOutageTests"/> (the emulator's clock runs four times faster).</remarks>
[Collection(FleetProcessCollection.Name)]
public sealed partial class FleetOneDigestOutageTests
{
    private const int Replicas = 4;
    private const int LocalShare = 20 / Replicas;
    private const double ClockFactor = 4;
    private const string Unavailable = "\u26A0 fleet coordination unavailable, sent by ";
    private static readonly TimeSpan FleetWindow = TimeSpan.FromSeconds(60 / ClockFactor) + TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Redis_stopped_for_a_minute_the_replicas_send_alone_within_their_share_and_the_fleets_digest_resumes_without_retelling_known_groups()
    {
        var server = await TestRedis.StoppableServerAsync();
        var clock = new ScaledClock(ClockFactor);
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { TimeProvider = clock });
        var replicas = Enumerable.Range(1, Replicas)
            .Select(i => ReplicaProcess.Start(
                $"orders-{i}", robot.WebhookUrl, server.ConnectionString, $"orders-{i}", "120",
                FleetWindow.TotalMilliseconds.ToString(CultureInfo.InvariantCulture), Replicas.ToString(CultureInfo.InvariantCulture), "one"))
            .ToArray();
        string Report() => string.Join("\n", replicas.Select(r => r.Describe()))
            + "\nthe robot's messages (emulator clock):\n"
            + string.Join("\n", robot.Messages.Select(m => $"{m.ReceivedAt:HH:mm:ss.fff} {m.Title} | {FleetDigests.Signature(m)}"));
        // Told in the fleet's digest (not in a digest a replica sent alone, marked ⚠).
        bool Told(string phase, DateTimeOffset after)
            => replicas.All(r => robot.Messages.Any(m => m.ReceivedAt > after && IsTheFleets(m) && m.Text!.Contains($"Outage {phase} on {r.Name}", StringComparison.Ordinal)));

        DateTimeOffset stoppedAt, restartedAt;
        try
        {
            // Coordinated: each replica's own problem reaches the robot in the fleet's digest.
            Array.ForEach(replicas, r => r.StartPhase("start"));
            await PhasePoll.UntilAsync(() => Told("start", DateTimeOffset.MinValue), "the fleet's digest of every replica's problem", Phase, Report);

            // Down for over an emulator minute, and until every replica has posted alone, saying so.
            server.Stop();
            stoppedAt = clock.GetUtcNow();
            Array.ForEach(replicas, r => r.StartPhase("during"));
            await PhasePoll.UntilAsync(
                () => clock.GetUtcNow() - stoppedAt > TimeSpan.FromMinutes(1)
                    && replicas.All(r => robot.Messages.Any(m => m.ReceivedAt > stoppedAt && m.Text!.Contains(Unavailable + r.Name, StringComparison.Ordinal))),
                "a digest from every replica that says it is alone", Phase, Report);

            // Back: the replicas publish again and the holder tells their next problem in the fleet's digest. Each
            // replica reconnects on its own schedule, and a problem it logs before it is back in the fleet's digest is
            // sent alone (⚠), and is then known to the fleet, not new: its next problem starts once all are back.
            var marks = replicas.Select(r => r.Written).ToArray();
            await server.RestartAsync();
            restartedAt = clock.GetUtcNow();
            await PhasePoll.UntilAsync(
                () => replicas.Select((r, i) => r.SaidSince(marks[i], "Fleet coordination is back (the fleet's digest")).All(back => back),
                "every replica back in the fleet's digest", Phase, Report);
            Array.ForEach(replicas, r => r.StartPhase("rejoined"));
            await PhasePoll.UntilAsync(() => Told("rejoined", restartedAt), "the fleet's digest of every replica's problem after the return", Phase, Report);
        }
        finally
        {
            if (!server.IsRunning)
            {
                await server.RestartAsync();
            }

            Array.ForEach(replicas, r => r.Stop());
            await Task.WhenAll(replicas.Select(r => r.WaitAsync(TimeSpan.FromMinutes(2))));
            if (!TestRedis.IsShared(server))
            {
                server.Dispose();
            }
        }

        var report = Report();
        Assert.All(replicas, r => Assert.True(r.ExitCode == 0, report));
        Assert.True(robot.Requests.All(r => r.ErrCode is not (130101 or 410100)), "throttled\n" + report);
        Assert.True(robot.MaxMessagesInAnyRollingMinute() <= 20, $"{robot.MaxMessagesInAnyRollingMinute()} in a rolling minute\n{report}");
        DigestChecks.AssertAllAccepted(robot);

        foreach (var replica in replicas)
        {
            // Alone within its share, saying so with its name; no logging call blocked (measured around each call).
            var alone = robot.Messages.Where(m => m.ReceivedAt > stoppedAt && m.ReceivedAt <= restartedAt && FleetDigests.Sender(m) == replica.Name).ToList();
            Assert.True(alone.Count <= LocalShare, $"{replica.Name} posted {alone.Count} alone, its share is {LocalShare}\n{report}");
            Assert.True(replica.SlowestCallMs is >= 0 and < 250, $"{replica.Name}'s slowest logging call took {replica.SlowestCallMs} ms\n{report}");
            Assert.True(replica.Said("Fleet coordination is back"), report);
        }

        // One holder at a time: the lease may move at the return (Redis came back empty) and at the stop, never back.
        var holders = robot.Messages.Where(m => m.ReceivedAt > restartedAt && IsTheFleets(m)).Select(FleetDigests.Sender).ToList();
        var handOvers = holders.Zip(holders.Skip(1), (a, b) => a != b).Count(changed => changed);
        Assert.True(holders.Count > 0 && handOvers == holders.Distinct().Count() - 1, "not one holder at a time after the return\n" + report);

        // New only for what is new: the problems the replicas started after the return, and (the replicas write their
        // tellings back as they rejoin, in the background) what they told alone meanwhile; never a group the fleet told
        // before the outage. One exception, documented: Redis came back EMPTY, so a holder that is not the one from
        // before knows nothing the fleet told until the old holder has written it back, and may tell the two groups
        // every replica logs all along (the incident, the cache misses) once more.
        var holderBefore = robot.Messages.Where(m => m.ReceivedAt <= stoppedAt && IsTheFleets(m)).Select(FleetDigests.Sender).LastOrDefault();
        foreach (var message in robot.Messages.Where(m => m.ReceivedAt > restartedAt))
        {
            var toldNew = NewCount().Match(message.Title!) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var couldBeNew = replicas.Count(r => message.Text!.Contains($"Outage rejoined on {r.Name}", StringComparison.Ordinal))
                + replicas.Count(r => message.Text!.Contains($"Outage during on {r.Name}", StringComparison.Ordinal))
                + (IsTheFleets(message) && FleetDigests.Sender(message) != holderBefore ? 2 : 0);
            Assert.True(toldNew <= couldBeNew, $"{message.Title}: {toldNew} new, at most {couldBeNew} could be\n{report}");
        }

        // Every event of every replica is in the digests' counts, once; except the events of a delta whose publish got no
        // answer as Redis went away, which the replica sent itself and said may also be in the fleet's digest.
        var counted = robot.Messages.Sum(DigestText.EventCount) + robot.Messages.Sum(DigestText.DroppedCount);
        var logged = replicas.Sum(r => r.Logged);
        Assert.InRange(counted, logged, logged + replicas.Sum(r => r.EventsPerhapsCountedTwice));
        Assert.Equal(0, robot.Messages.Sum(DigestText.UndeliveredCount));
    }

    private static bool IsTheFleets(ReceivedMessage message) => !message.Text!.Contains(Unavailable, StringComparison.Ordinal);

    [GeneratedRegex("\U0001F195 (\\d+) new")]
    private static partial Regex NewCount();
}
