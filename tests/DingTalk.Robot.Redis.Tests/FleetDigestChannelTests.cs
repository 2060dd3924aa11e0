using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Relay;
using DingTalk.Robot.Redis.Tests.Infrastructure;
using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>
/// The fleet's one digest against a real redis-server: one holder of the sender lease at a time takes the replicas'
/// deltas, each exactly once; a holder that stops renewing is replaced within the lease time and what it held untold is
/// counted by the next; a backlog nobody takes is bounded.
/// </summary>
public sealed class FleetDigestChannelTests
{
    [Fact]
    public async Task Each_delta_is_taken_once_by_the_one_holder_and_the_others_get_none()
    {
        var fleet = await FleetAsync();
        var (a, b, c) = (fleet.Channel("orders-a"), fleet.Channel("orders-b"), fleet.Channel("orders-c"));
        Assert.True(a.TryPublish(Delta("orders-a", 3)));
        Assert.True(b.TryPublish(Delta("orders-b", 4)));
        Assert.False(b.AllTaken());

        var taken = a.TryTake(held: 0);

        Assert.NotNull(taken);
        Assert.True(taken!.Acquired);
        Assert.Equal(new[] { "orders-a", "orders-b" }, taken.Deltas.Select(d => d.Replica));
        Assert.Equal(7, taken.Deltas.Sum(d => d.Accounts));
        Assert.Null(taken.LostFrom);
        Assert.Null(b.TryTake(held: 0));
        Assert.Null(c.TryTake(held: 0));

        // Taken once: the holder's next call acknowledges what it folded, and its next take has only what came since.
        Assert.False(b.AllTaken());
        Assert.True(c.TryPublish(Delta("orders-c", 5)));
        var next = a.TryTake(held: 7);
        Assert.True(b.AllTaken());
        Assert.False(next!.Acquired);
        Assert.Equal(new[] { "orders-c" }, next.Deltas.Select(d => d.Replica));
        Assert.Empty(a.TryTake(held: 12)!.Deltas);
    }

    [Fact]
    public async Task What_a_holder_took_and_never_acknowledged_is_taken_again_by_the_next_holder_not_lost()
    {
        var fleet = await FleetAsync(leaseTime: TimeSpan.FromSeconds(5));
        var (killed, next) = (fleet.Channel("orders-1"), fleet.Channel("orders-2"));
        Assert.True(next.TryPublish(Delta("orders-2", 6)));

        // The holder takes the delta and dies before any other call (or its take's answer is lost as Redis goes away).
        Assert.Equal(6, killed.TryTake(held: 0)!.Deltas.Sum(d => d.Accounts));

        FleetTake? took = null;
        await Poll.UntilAsync(() => (took ??= next.TryTake(held: 0)) is not null, "the lease to lapse and be taken over");

        Assert.Equal(6, took!.Deltas.Sum(d => d.Accounts));
        Assert.Null(took.LostFrom);
    }

    [Fact]
    public async Task A_delivered_digest_acknowledges_what_the_holder_folded_so_a_kill_right_after_repeats_nothing()
    {
        var fleet = await FleetAsync(leaseTime: TimeSpan.FromSeconds(5));
        var (killed, next) = (fleet.Channel("orders-1"), fleet.Channel("orders-2"));
        Assert.True(next.TryPublish(Delta("orders-2", 6)));
        Assert.Equal(6, killed.TryTake(held: 0)!.Deltas.Sum(d => d.Accounts));

        killed.Delivered(held: 0);

        FleetTake? took = null;
        await Poll.UntilAsync(() => (took ??= next.TryTake(held: 0)) is not null, "the lease to lapse and be taken over");
        Assert.Empty(took!.Deltas);
        Assert.Null(took.LostFrom);
    }

    [Fact]
    public async Task A_holder_that_stops_renewing_is_replaced_within_its_lease_time_and_what_it_held_is_counted_by_the_next()
    {
        var fleet = await FleetAsync(leaseTime: TimeSpan.FromSeconds(5));
        var said = new List<DingTalkDiagnostic>();
        var (killed, next) = (fleet.Channel("orders-1"), fleet.Channel("orders-2", said.Add));
        Assert.True(next.TryPublish(Delta("orders-2", 6)), string.Join("\n", said));
        Assert.Equal(6, killed.TryTake(held: 0)!.Deltas.Sum(d => d.Accounts));

        // Its next take says it holds those 6 untold; then it is killed (never calls again).
        Assert.NotNull(killed.TryTake(held: 6));
        Assert.True(next.TryPublish(Delta("orders-2", 2)));
        Assert.Null(next.TryTake(held: 0));

        FleetTake? took = null;
        await Poll.UntilAsync(() => (took ??= next.TryTake(held: 0)) is not null, "the lease to lapse and be taken over");

        Assert.Equal("orders-1", took!.LostFrom);
        Assert.Equal(6, took.LostEvents);
        Assert.Equal(2, took.Deltas.Sum(d => d.Accounts));
    }

    [Fact]
    public async Task A_holder_that_releases_with_nothing_held_hands_over_with_no_loss()
    {
        var fleet = await FleetAsync();
        var (first, second) = (fleet.Channel("orders-1"), fleet.Channel("orders-2"));
        Assert.NotNull(first.TryTake(held: 0));
        Assert.Null(second.TryTake(held: 0));

        first.Release(held: 0);
        var took = second.TryTake(held: 0);

        Assert.NotNull(took);
        Assert.Null(took!.LostFrom);
        Assert.Null(first.TryTake(held: 0));
    }

    [Fact]
    public async Task A_backlog_nobody_takes_is_bounded_and_the_delta_past_it_is_refused_so_the_replica_sends_its_own()
    {
        var diagnostics = new List<DingTalkDiagnostic>();
        var fleet = await FleetAsync(maxBacklog: 3);
        var replica = fleet.Channel("orders-1", diagnostics.Add);

        Assert.True(replica.TryPublish(Delta("orders-1", 1)));
        Assert.True(replica.TryPublish(Delta("orders-1", 1)));
        Assert.True(replica.TryPublish(Delta("orders-1", 1)));
        Assert.False(replica.TryPublish(Delta("orders-1", 1)));

        Assert.Contains(diagnostics, d => d.Message.Contains("3 deltas nobody took", StringComparison.Ordinal));
        Assert.True(replica.IsAvailable);
    }

    [Fact]
    public void Stream_ids_compare_by_their_numbers_not_their_text()
    {
        Assert.True(FleetRedisDigestChannel.CompareIds("1700000000000-10", "1700000000000-9") > 0);
        Assert.True(FleetRedisDigestChannel.CompareIds("999-0", "1000-0") < 0);
        Assert.Equal(0, FleetRedisDigestChannel.CompareIds("5-1", "5-1"));
    }

    // A delta of one group of `events` errors, one of them kept as an example.
    internal static FleetDelta Delta(string replica, long events)
    {
        var counts = new long[DigestLevelText.Count];
        counts[DigestLevelText.Index(DigestLevel.Error)] = events;
        var at = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(8));
        var example = new DigestEvent(at, DigestLevel.Error, "Timeout calling {Service}", "Timeout calling payments");
        var group = new FleetDeltaGroup("Timeout calling {Service}", null, 42, counts, at, at, [example]);
        return new FleetDelta(replica, [group], new long[DigestLevelText.Count], new long[DigestLevelText.Count], 0, 0, []);
    }

    private static async Task<TestFleet> FleetAsync(TimeSpan? leaseTime = null, int maxBacklog = 1_000)
    {
        // These tests are about the lease and the cursor, not timeouts: a loaded machine (CI runs the other test projects
        // beside them) may take longer than production's half second to answer.
        var timings = new FleetTimings { LeaseTime = leaseTime ?? TimeSpan.FromSeconds(30), MaxBacklog = maxBacklog, OperationTimeout = TimeSpan.FromSeconds(5) };
        return new TestFleet(await TestRedis.ConnectionStringAsync(), "fleet-" + Guid.NewGuid().ToString("N")[..8], timings);
    }

    private sealed record TestFleet(string Redis, string Name, FleetTimings Timings)
    {
        public FleetRedisDigestChannel Channel(string replica, Action<DingTalkDiagnostic>? diagnostics = null)
        {
            var options = new DingTalkFleetOptions { Redis = Redis, Name = Name, Replica = replica };
            return new FleetRedisDigestChannel("robot", options, FleetConnection.Private(Redis, Timings), Timings, TimeProvider.System, diagnostics);
        }
    }
}
