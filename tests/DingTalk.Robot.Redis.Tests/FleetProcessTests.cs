using System.Globalization;
using DingTalk.Robot.Redis.Tests.Infrastructure;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>
/// The fleet as it runs: eight separate processes (tests/DingTalk.Fleet.Replica, the Serilog sink in fleet mode) log an
/// incident at once, and noise of their own, against ONE emulated robot that enforces DingTalk's 20 messages in a
/// rolling minute. Each publishes what it folds; the replica holding the fleet's sender lease sends ONE digest for the
/// fleet per interval, with the fleet's counts. Alone, each replica would post up to 15 digests a minute (120 for the
/// fleet) and get the robot throttled for ten minutes.
/// </summary>
/// <remarks>
/// TEST-ONLY shortened minute: the emulator runs on a clock three times faster than real time (its minute lasts 20 real
/// seconds) and the replicas' fleet window is 20 s plus production's margin of one second. The run lasts 45 real
/// seconds (over two of the emulator's minutes); with the processes' start and stop the test takes about a minute.
/// </remarks>
[Collection(FleetProcessCollection.Name)]
public sealed class FleetProcessTests
{
    private const int Replicas = 8;
    private const double ClockFactor = 3;
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan FleetWindow = TimeSpan.FromSeconds(60 / ClockFactor) + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Eight_replica_processes_get_one_digest_per_interval_for_the_fleet_within_20_posts_a_minute_with_every_event_counted()
    {
        var redis = await TestRedis.ConnectionStringAsync();
        var clock = new ScaledClock(ClockFactor);
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { TimeProvider = clock });

        // Each replica logs for RunFor from its own start, after this: until then (on the emulator's clock) all run.
        var allRunUntil = clock.GetUtcNow() + TimeSpan.FromTicks((long)(RunFor.Ticks * ClockFactor));
        var replicas = Enumerable.Range(1, Replicas).Select(i => StartReplica(robot.WebhookUrl, redis, $"orders-{i}")).ToArray();
        var results = await Task.WhenAll(replicas.Select(r => r.WaitAsync(TimeSpan.FromMinutes(3))));
        var report = string.Join("\n", results.Select(r => r.Describe()))
            + "\nthe robot's messages (emulator clock):\n"
            + string.Join("\n", robot.Messages.Select(m => $"{m.ReceivedAt:HH:mm:ss.fff} {m.Title} | {FleetDigests.Signature(m)}"));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, report));
        var throttled = robot.Requests.Count(request => request.ErrCode is 130101 or 410100);
        Assert.True(throttled == 0, $"{throttled} requests were answered 130101/410100\n{report}");
        Assert.InRange(robot.MaxMessagesInAnyRollingMinute(), 1, 20);
        DigestChecks.AssertAllAccepted(robot);

        // One digest for the fleet, not one per replica: while all run, one holder of the lease at a time sends them
        // (a replica that could not reach Redis in time, starting under this load, sends its own and marks it ⚠), and a
        // digest carries what many replicas saw (a state line names up to three). When all stop at once, a stopping
        // replica that finds the lease free sends what is left of the fleet's: at most one or two digests each.
        var whileRunning = robot.Messages.Where(m => m.ReceivedAt < allRunUntil).ToList();
        var holders = whileRunning.Where(m => !m.Text!.Contains("\u26A0 fleet coordination unavailable", StringComparison.Ordinal)).Select(FleetDigests.Sender).ToList();
        var handOvers = holders.Zip(holders.Skip(1), (a, b) => a != b).Count(changed => changed);
        Assert.True(holders.Count > 0 && handOvers == holders.Distinct().Count() - 1 && handOvers <= 1, "not one holder at a time while all ran\n" + report);
        var atStop = robot.Messages.Skip(whileRunning.Count).ToList();
        Assert.True(atStop.GroupBy(FleetDigests.Sender).All(sent => sent.Count() <= 2), "a replica sent more than two digests at the stop\n" + report);
        // The fleet's count of a group names the replicas that saw it: all eight by the end (the latest three by name
        // where the group is told in full).
        Assert.Contains(robot.Messages, m => m.Text!.Contains("on 8 replicas", StringComparison.Ordinal));
        Assert.Contains(robot.Messages, m => System.Text.RegularExpressions.Regex.IsMatch(m.Text!, @"on \d+ replicas?: orders-"));

        // The incident all eight see pages once (with the replicas' shared noise group, in the same digest or the next).
        var toldNew = robot.Messages.Count(m => m.Title!.Contains("\U0001F195", StringComparison.Ordinal));
        Assert.True(toldNew is 1 or 2, $"told as new {toldNew} times\n{report}");

        // Every event of every replica is in the fleet's digests' counts, once.
        Assert.Equal(results.Sum(r => r.Logged), robot.Messages.Sum(DigestText.EventCount) + robot.Messages.Sum(DigestText.DroppedCount));
        Assert.Equal(0, robot.Messages.Sum(DigestText.UndeliveredCount));
    }

    private static ReplicaProcess StartReplica(string webhook, string redis, string name)
        => ReplicaProcess.Start(
            name,
            webhook,
            redis,
            name,
            RunFor.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            FleetWindow.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// The fleet test's eight processes load the machine: it runs alone, after the other tests of this assembly (whose
/// limits and timings it would otherwise disturb).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetProcessCollection
{
    public const string Name = "Fleet processes (run alone)";
}
