using DingTalk.Robot.Digest.Memory;
using DingTalk.Robot.Fleet;
using DingTalk.Robot.Redis.Tests.Infrastructure;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;
using Serilog;
using Serilog.Core;
using StackExchange.Redis;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>
/// The fleet's alert memory in a real redis-server, as users run it (the Serilog sink with <c>fleetRedis</c>, the robot
/// emulator): two replicas — two sinks, each with its own engine and memory, as two pods have — log the same incident,
/// and only the first tells it as new; the second tells its own new problem, with the shared one riding along as ongoing.
/// A replica that starts after the incident began (a rolling deploy) does not page for it again.
/// </summary>
public sealed class FleetMemoryTests
{
    private const string DatabaseDown = "Database {Name} unreachable";
    private const string CardRefused = "Payment gateway refused card {Card}";

    [Fact]
    public async Task A_group_one_replica_told_is_ongoing_for_the_next_replica_which_pages_only_for_its_own_new_problem()
    {
        using var server = await RedisServer.StartAsync();
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions());

        await using (var first = Replica(robot, server, "orders-1"))
        {
            first.Error(DatabaseDown, "orders-db");
            await Poll.UntilAsync(() => robot.Messages.Count >= 1, "the first replica's digest");
        }

        var told = Assert.Single(robot.Messages);
        Assert.Contains("\U0001F195 1 new", told.Title, StringComparison.Ordinal);

        // The telling is recorded in the background once the robot accepted it: the fleet knows before the next replica looks.
        using (var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString))
        {
            await Poll.UntilAsync(() => ToldKeys(redis).Count == 1, "the fleet records what the first digest told");
        }

        // The next replica (or the same app after a rolling deploy): the database is still down, and a card is refused.
        await using (var next = Replica(robot, server, "orders-2"))
        {
            for (var i = 0; i < 5; i++)
            {
                next.Error(DatabaseDown, "orders-db");
            }

            next.Error(CardRefused, "4242");
            await Poll.UntilAsync(() => robot.Messages.Count >= 2, "the next replica's digest for its new problem");
        }

        var second = robot.Messages[1];
        Assert.Contains("\U0001F195 1 new", second.Title, StringComparison.Ordinal);
        Assert.Contains("\u21BB 1 ongoing", second.Title, StringComparison.Ordinal);

        // The shared incident: seen lately on both replicas (this one first); the new problem only here.
        Assert.Contains("\u00D76 on 2 replicas", second.Text, StringComparison.Ordinal);
        Assert.Contains("first seen", second.Text, StringComparison.Ordinal);
        Assert.Contains("on 1 replica: orders-2", second.Text, StringComparison.Ordinal);
        Assert.Equal(1 + 5 + 1, robot.Messages.Sum(DigestText.EventCount));
        DigestChecks.AssertAllAccepted(robot);
    }

    [Fact]
    public async Task Of_two_replicas_that_see_a_new_group_at_once_one_tells_it_as_new_and_the_other_takes_it_as_told()
    {
        using var server = await RedisServer.StartAsync();
        var timings = new FleetTimings();
        var connection = FleetConnection.Private(server.ConnectionString, timings);
        var fleet = new DingTalkFleetOptions { Redis = server.ConnectionString, Name = "orders" };
        var first = new FleetRedisAlertLog("orders:robot", fleet, "orders-1", TimeSpan.FromDays(1), TimeSpan.FromMinutes(5), connection, timings, TimeProvider.System, null);
        var second = new FleetRedisAlertLog("orders:robot", fleet, "orders-2", TimeSpan.FromDays(1), TimeSpan.FromMinutes(5), connection, timings, TimeProvider.System, null);
        var fingerprint = AlertFingerprint.Of(DatabaseDown, null);
        var seen = new[] { new FleetSighting(fingerprint, DateTimeOffset.UtcNow, events: 10) };

        // The first to look claims it: nothing is known, so it tells it as new.
        var atFirst = first.Exchange(seen, [])![fingerprint];
        Assert.Null(atFirst.SinceNotified);

        // The second, a moment later, finds the claim: told (by the first), at no level of its own.
        var atSecond = second.Exchange(seen, [])![fingerprint];
        Assert.NotNull(atSecond.SinceNotified);
        Assert.Equal(-1, atSecond.NotifiedLevel);

        // The first's own claim is not a telling for it: its digest is still to tell the group as new.
        var again = first.Exchange(seen, [])![fingerprint];
        Assert.Null(again.SinceNotified);

        // Both saw it lately, the latest sighting first.
        Assert.Equal(1, atFirst.Replicas);
        Assert.Equal(2, atSecond.Replicas);
        Assert.Equal(new[] { "orders-2", "orders-1" }, atSecond.ReplicaNames);
        Assert.Equal(new[] { "orders-1", "orders-2" }, again.ReplicaNames);

        // The fleet's count: each exchange added its 10 events.
        Assert.Equal(10, atFirst.FleetEvents);
        Assert.Equal(20, atSecond.FleetEvents);
        Assert.Equal(30, again.FleetEvents);

        // A quiet told after the last sighting (as the Told script writes it, by Redis's clock): the next sighting is a
        // return, and the fleet counts the new stretch from there.
        using (var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString))
        {
            var key = "dingtalk:alerts:{orders:robot}:" + fingerprint;
            var lastSeen = (long)redis.GetDatabase().HashGet(key, "s");
            redis.GetDatabase().HashSet(key, "q", lastSeen + 1);
        }

        Assert.Equal(10, second.Exchange(seen, [])![fingerprint].FleetEvents);
    }

    [Fact]
    public async Task A_telling_written_back_at_its_age_is_placed_in_the_past_and_yields_to_a_newer_one()
    {
        using var server = await RedisServer.StartAsync();
        var timings = new FleetTimings();
        var fleet = new DingTalkFleetOptions { Redis = server.ConnectionString, Name = "orders" };
        var log = new FleetRedisAlertLog(
            "orders:robot", fleet, "orders-1", TimeSpan.FromDays(1), TimeSpan.FromMinutes(5), FleetConnection.Private(server.ConnectionString, timings), timings, TimeProvider.System, null);
        var fingerprint = AlertFingerprint.Of(DatabaseDown, null);
        var entry = new AlertEntry(fingerprint, TimeSpan.Zero, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, window: 0);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var key = "dingtalk:alerts:{orders:robot}:" + fingerprint;
        long Told() => (long?)redis.GetDatabase().HashGet(key, "n") ?? 0;

        // Remembered, told ten minutes ago: the fleet places it ten minutes in Redis's past.
        log.Told([FleetAlertTelling.Remembered(entry, TimeSpan.FromMinutes(10))]);
        await Poll.UntilAsync(() => Told() > 0, "the telling written back");
        Assert.InRange(RedisNowMs(redis) - Told(), 10 * 60_000 - 5_000, 10 * 60_000 + 5_000);

        // A newer telling wins; an older one written back after it does not move it back.
        log.Told([FleetAlertTelling.Remembered(entry, TimeSpan.Zero)]);
        await Poll.UntilAsync(() => RedisNowMs(redis) - Told() < 5_000, "the newer telling");
        var newer = Told();
        log.Told([FleetAlertTelling.Remembered(entry, TimeSpan.FromMinutes(30))]);

        // The log's calls share one connection, so an exchange answered means the telling before it was run.
        Assert.NotNull(log.Exchange([], [fingerprint]));
        Assert.Equal(newer, Told());
    }

    [Fact]
    public async Task Two_replicas_that_start_an_incident_together_page_for_it_once()
    {
        using var server = await RedisServer.StartAsync();
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions());
        var first = Replica(robot, server, "orders-1");
        var second = Replica(robot, server, "orders-2");
        for (var i = 0; i < 20; i++)
        {
            first.Error(DatabaseDown, "orders-db");
            second.Error(DatabaseDown, "orders-db");
        }

        await Poll.UntilAsync(() => robot.Messages.Count >= 1, "the incident's first digest");
        await first.DisposeAsync();
        await second.DisposeAsync();

        Assert.Single(robot.Messages, m => m.Title!.Contains("\U0001F195", StringComparison.Ordinal));
        Assert.Equal(40, robot.Messages.Sum(DigestText.EventCount));
        DigestChecks.AssertAllAccepted(robot);
    }

    // A replica as a pod runs one: its own sink, engine and memory; the fleet's budget and memory in Redis.
    private static Logger Replica(RobotEmulator robot, RedisServer server, string name)
        => new LoggerConfiguration()
            .WriteTo.DingTalk(
                robot.WebhookUrl,
                bufferingTimeLimit: TimeSpan.FromMilliseconds(300),
                fleetRedis: server.ConnectionString,
                fleetName: "orders",
                fleetReplica: name)
            .CreateLogger();

    // Redis's own clock, in ms (the scripts' clock).
    private static long RedisNowMs(ConnectionMultiplexer redis)
    {
        var time = (RedisResult[])redis.GetDatabase().Execute("TIME")!;
        return (long.Parse((string)time[0]!, System.Globalization.CultureInfo.InvariantCulture) * 1000)
            + (long.Parse((string)time[1]!, System.Globalization.CultureInfo.InvariantCulture) / 1000);
    }

    // The fingerprints the fleet has told in full (the memory's hashes with their "n" field).
    private static List<RedisKey> ToldKeys(ConnectionMultiplexer redis)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var database = redis.GetDatabase();
        return server.Keys(pattern: "dingtalk:alerts:*")
            .Where(key => !key.ToString().EndsWith(":replicas", StringComparison.Ordinal) && database.HashExists(key, "n"))
            .ToList();
    }
}
