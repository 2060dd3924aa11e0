using System.Diagnostics;
using DingTalk.Robot.Redis.Tests.Infrastructure;
using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>
/// The fleet's sliding window against a real redis-server: replicas (each with its own connection, clock and local
/// share) competing for one robot's budget never get more than the limit in any rolling window of Redis's clock.
/// </summary>
public sealed class FleetLimiterTests
{
    // A shortened minute (test-only): the property is the same at any length, and the test takes seconds. Generous
    // timeouts: these tests are about the window, and a loaded machine must not send a replica to its local share.
    private static readonly FleetTimings OneSecondWindow = new()
    {
        Window = TimeSpan.FromSeconds(1),
        OperationTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Eight_replicas_asking_at_once_never_get_more_than_the_limit_in_any_rolling_window()
    {
        var redis = await TestRedis.ConnectionStringAsync();
        var robot = TestFleet.NewRobotId();
        var replicas = Enumerable.Range(0, 8).Select(_ => TestFleet.Replica(redis, robot, 5, OneSecondWindow)).ToArray();

        var grants = await GrantsWithinAsync(replicas, TimeSpan.FromSeconds(3.5));

        // The robot's 5 less one replica's local share (5 / 10 replicas, at least 1), held back for a replica cut off from Redis.
        Assert.Equal(4, replicas[0].FleetLimit);
        Assert.True(TestFleet.MaxInAnyWindow(grants, OneSecondWindow.Window) <= 4, $"more than 4 grants in a rolling second: {Show(grants)}");

        // And it does grant: about 4 a second for 3.5 s (not a limiter that only ever says wait).
        Assert.True(grants.Count >= 12, $"only {grants.Count} grants in 3.5 s");
        Assert.All(replicas, replica => Assert.False(replica.IsOnLocalShare));
    }

    [Fact]
    public async Task Replicas_whose_clocks_are_hours_apart_share_one_window_because_Redis_keeps_the_time()
    {
        var redis = await TestRedis.ConnectionStringAsync();
        var robot = TestFleet.NewRobotId();

        // Two pods two hours ahead, two pods two hours behind: only Redis's TIME puts their grants in one order.
        var replicas = new[] { TimeSpan.FromHours(2), TimeSpan.FromHours(2), TimeSpan.FromHours(-2), TimeSpan.FromHours(-2) }
            .Select(skew => TestFleet.Replica(redis, robot, 5, OneSecondWindow, new SkewedClock(skew)))
            .ToArray();

        var grants = await GrantsWithinAsync(replicas, TimeSpan.FromSeconds(3));

        Assert.True(TestFleet.MaxInAnyWindow(grants, OneSecondWindow.Window) <= 4, $"more than 4 grants in a rolling second: {Show(grants)}");
        Assert.True(grants.Count >= 8, $"only {grants.Count} grants in 3 s");
    }

    [Fact]
    public async Task A_throttle_reported_by_one_replica_holds_another_for_the_penalty()
    {
        var redis = await TestRedis.ConnectionStringAsync();
        var robot = TestFleet.NewRobotId();
        var reporter = TestFleet.Replica(redis, robot, 100, OneSecondWindow);
        var other = TestFleet.Replica(redis, robot, 100, OneSecondWindow, new SkewedClock(TimeSpan.Zero));

        reporter.Throttle(TimeSpan.FromSeconds(30));

        // The report is written to Redis in the background: the other replica learns of it at a request for a permit.
        var learned = Stopwatch.StartNew();
        while (other.GetRemainingThrottle() == TimeSpan.Zero)
        {
            Assert.True(learned.Elapsed < Poll.DefaultLimit, "the other replica never learned of the throttle");
            await other.AcquireAsync(CancellationToken.None);
        }

        var remaining = other.GetRemainingThrottle();
        Assert.InRange(remaining, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        Assert.True(other.GetWaitBeforeNextSend() >= TimeSpan.FromSeconds(20), "the digest loop would not wait for the throttle");
        Assert.False(other.IsOnLocalShare);
    }

    [Fact]
    public async Task When_a_post_ends_its_permit_restarts_from_then_so_a_post_that_reached_DingTalk_late_counts_for_a_whole_window()
    {
        var redis = await TestRedis.ConnectionStringAsync();
        var robot = TestFleet.NewRobotId();
        var replica = TestFleet.Replica(redis, robot, 20, OneSecondWindow);
        var database = (await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis)).GetDatabase();

        var permit = await replica.AcquireAsync(CancellationToken.None);
        var granted = replica.LastGrantedAt;
        Assert.NotNull(permit.Id);
        Assert.Equal(granted, (long)(await database.SortedSetScoreAsync(FleetKeys.Sent(robot), permit.Id))!);

        replica.Posted(permit);

        // Written in the background: the member's score becomes Redis's time at the post's end.
        double? score = granted;
        var moved = Stopwatch.StartNew();
        while (score <= granted)
        {
            Assert.True(moved.Elapsed < Poll.DefaultLimit, "the permit never moved to the post's end");
            await Task.Delay(5);
            score = await database.SortedSetScoreAsync(FleetKeys.Sent(robot), permit.Id);
        }

        Assert.True(score > granted);
    }

    private static async Task<List<long>> GrantsWithinAsync(IReadOnlyList<FleetRedisBudget> replicas, TimeSpan duration)
    {
        var grants = new List<long>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(replicas.Select(replica => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await replica.AcquireAsync(CancellationToken.None);
                lock (grants)
                {
                    grants.Add(replica.LastGrantedAt);
                }
            }
        })));
        return grants;
    }

    private static string Show(IEnumerable<long> grants) => string.Join(", ", grants.Order().Select(g => (g / 1000 % 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
