using System.Globalization;
using DingTalk.Robot.Redis.Tests.Infrastructure;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>
/// The fleet as it runs: eight separate processes (tests/DingTalk.Fleet.Replica, the Serilog sink in fleet mode) log an
/// incident at once against ONE emulated robot that enforces DingTalk's 20 messages in a rolling minute. Alone, each
/// replica would post up to 15 digests a minute (120 for the fleet) and get the robot throttled for ten minutes.
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
    public async Task Eight_replica_processes_keep_one_robot_within_20_posts_a_minute_with_no_throttle_and_every_event_delivered()
    {
        var redis = await TestRedis.ConnectionStringAsync();
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { TimeProvider = new ScaledClock(ClockFactor) });

        var replicas = Enumerable.Range(1, Replicas).Select(i => StartReplica(robot.WebhookUrl, redis, $"orders-{i}")).ToArray();
        var results = await Task.WhenAll(replicas.Select(r => r.WaitAsync(TimeSpan.FromMinutes(3))));
        var report = string.Join("\n", results.Select(r => r.Describe()));

        // When it fails: what the robot saw, on the emulator's clock (a minute lasts 20 real seconds).
        var timeline = string.Join("\n", robot.Requests.Select(r => $"{r.ReceivedAt:HH:mm:ss.fff} errcode {r.ErrCode}"));
        report += "\nthe robot's requests:\n" + timeline;

        Assert.All(results, r => Assert.True(r.ExitCode == 0, report));
        var throttled = robot.Requests.Count(request => request.ErrCode is 130101 or 410100);
        Assert.True(throttled == 0, $"{throttled} requests were answered 130101/410100\n{report}");
        Assert.InRange(robot.MaxMessagesInAnyRollingMinute(), 1, 20);
        DigestChecks.AssertAllAccepted(robot);

        // The incident all eight see pages once, from whichever replica claimed it first (the fleet's alert memory):
        // the others carry it as ongoing, with no mention. (A replica that could not reach the memory in time, starting
        // under this load, judges alone and may tell it again: it says so, and only its digests are excused.)
        var alone = results.Where(r => r.Said("the fleet's alert memory in Redis")).Select(r => r.Name).ToList();
        var toldNew = robot.Messages.Where(m => m.Title!.Contains("\U0001F195", StringComparison.Ordinal)).ToList();
        Assert.True(
            toldNew.Count >= 1 && toldNew.Count(m => !alone.Any(name => m.Title!.Contains(name, StringComparison.Ordinal))) <= 1,
            "told as new more than once:\n" + string.Join("\n", robot.Messages.Select(m => m.Title)) + "\n" + report);

        // Every replica got its digests through the fleet's budget, and everything it logged is in them.
        Assert.All(results, r => Assert.Contains(robot.Messages, m => m.Title?.Contains(r.Name, StringComparison.Ordinal) == true));

        // And every digest names the replica that sent it (the title carries the replica's name as the app's here).
        Assert.All(robot.Messages, m => Assert.Contains(
            "sent by " + results.Single(r => m.Title?.Contains(r.Name, StringComparison.Ordinal) == true).Name, m.Text, StringComparison.Ordinal));
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
