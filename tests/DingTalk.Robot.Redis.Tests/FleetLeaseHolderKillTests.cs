using System.Globalization;
using DingTalk.Robot.Redis.Tests.Infrastructure;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>
/// Chaos: the replica that holds the fleet's sender lease is killed mid-incident (a pod's SIGKILL: no stop, no last
/// word). Another replica takes the lease over within the lease time and the fleet's digests go on; no delta is sent
/// twice; what is lost is at most what the killed replica held, and the next digest says how many and whose.
/// </summary>
/// <remarks>
/// TEST-ONLY shortened minute as in <see cref="FleetProcessTests"/> (the emulator's clock runs three times faster). The
/// lease lasts its production 10 s of real time; the test takes about 45 s.
/// </remarks>
[Collection(FleetProcessCollection.Name)]
public sealed class FleetLeaseHolderKillTests
{
    private const int Replicas = 4;
    private const double ClockFactor = 3;
    private static readonly TimeSpan FleetWindow = TimeSpan.FromSeconds(60 / ClockFactor) + TimeSpan.FromSeconds(1);

    // The lease time, a take's interval and a digest's pacing at the scaled minute, with room for a loaded machine.
    private static readonly TimeSpan TakeOverWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_lease_holder_killed_mid_incident_is_replaced_within_the_lease_time_nothing_is_sent_twice_and_its_loss_is_told()
    {
        var redis = await TestRedis.ConnectionStringAsync();
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { TimeProvider = new ScaledClock(ClockFactor) });
        var replicas = Enumerable.Range(1, Replicas)
            .Select(i => ReplicaProcess.Start(
                $"orders-{i}", robot.WebhookUrl, redis, $"orders-{i}", "120", FleetWindow.TotalMilliseconds.ToString(CultureInfo.InvariantCulture), Replicas.ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        string Report() => string.Join("\n", replicas.Select(r => r.Describe()))
            + "\nthe robot's messages (emulator clock):\n"
            + string.Join("\n", robot.Messages.Select(m => $"{m.ReceivedAt:HH:mm:ss.fff} {m.Title} | {FleetDigests.Signature(m)} | {DigestText.EventCount(m)} events"));

        ReplicaProcess killed;
        int killedProgress;
        try
        {
            // Mid-incident: the fleet has told the incident, and each replica starts a problem of its own (a digest worth
            // sending: the alert memory tells an ongoing incident once).
            await Poll.UntilAsync(() => robot.Messages.Count >= 1, "the fleet's first digest", TimeSpan.FromSeconds(60));
            Array.ForEach(replicas, r => r.StartPhase("before"));
            await Poll.UntilAsync(() => robot.Messages.Any(m => m.Text!.Contains("Outage before", StringComparison.Ordinal)), "the fleet's digest of the replicas' problems", TimeSpan.FromSeconds(60));

            killed = replicas.Single(r => r.Name == FleetDigests.Sender(robot.Messages[^1]));
            var before = robot.Messages.Count;
            killed.Kill();
            killedProgress = killed.LastProgress;

            // The survivors' next problem reaches the robot through the next holder.
            foreach (var survivor in replicas.Where(r => r != killed))
            {
                survivor.StartPhase("after");
            }

            await Poll.UntilAsync(
                () => robot.Messages.Skip(before).Any(m => FleetDigests.Sender(m) != killed.Name && m.Text!.Contains("Outage after", StringComparison.Ordinal)),
                "a digest from the next holder",
                TakeOverWithin);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(timeout.Message + "\n" + Report(), timeout);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                replica.Stop();
            }

            await Task.WhenAll(replicas.Select(r => r.WaitAsync(TimeSpan.FromMinutes(2))));
        }

        var report = Report();
        var survivors = replicas.Where(r => r != killed).ToList();
        Assert.All(survivors, r => Assert.True(r.ExitCode == 0, report));
        Assert.True(robot.Requests.All(r => r.ErrCode is not (130101 or 410100)), "throttled\n" + report);
        Assert.True(robot.MaxMessagesInAnyRollingMinute() <= 20, report);
        DigestChecks.AssertAllAccepted(robot);

        // Nothing sent twice and nothing of the survivors lost: the digests count every event the survivors logged, plus
        // at most what the killed replica logged before it died (its last progress line, give or take its last 50).
        var counted = robot.Messages.Sum(DigestText.EventCount) + robot.Messages.Sum(DigestText.DroppedCount);
        var lost = robot.Messages.Sum(DigestText.UndeliveredCount);
        var survived = survivors.Sum(r => r.Logged);
        Assert.True(counted >= survived, $"{counted} counted, the survivors logged {survived}\n{report}");
        Assert.True(counted + lost <= survived + killedProgress + 100, $"{counted} + {lost} lost, the survivors logged {survived}, the killed one about {killedProgress}\n{report}");

        // What the killed holder held untold is told, by name, as perhaps not delivered.
        if (lost > 0)
        {
            Assert.Contains(robot.Messages, m => m.Text!.Contains(killed.Name + " held them for the fleet", StringComparison.Ordinal));
        }
    }
}
