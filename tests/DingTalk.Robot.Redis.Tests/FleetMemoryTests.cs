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

        await using (var first = Replica(robot, server))
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
        await using (var next = Replica(robot, server))
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
        Assert.Equal(1 + 5 + 1, robot.Messages.Sum(DigestText.EventCount));
        DigestChecks.AssertAllAccepted(robot);
    }

    // A replica as a pod runs one: its own sink, engine and memory; the fleet's budget and memory in Redis.
    private static Logger Replica(RobotEmulator robot, RedisServer server)
        => new LoggerConfiguration()
            .WriteTo.DingTalk(
                robot.WebhookUrl,
                bufferingTimeLimit: TimeSpan.FromMilliseconds(300),
                fleetRedis: server.ConnectionString,
                fleetName: "orders")
            .CreateLogger();

    // The fingerprints the fleet has told in full (the memory's hashes with their "n" field).
    private static List<RedisKey> ToldKeys(ConnectionMultiplexer redis)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var database = redis.GetDatabase();
        return server.Keys(pattern: "dingtalk:alerts:*").Where(key => database.HashExists(key, "n")).ToList();
    }
}
