using DingTalk.Robot.Redis.Tests.Infrastructure;
using DingTalk.Testing.Shared;
using StackExchange.Redis;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>
/// Phase two's primitives against a real redis-server: one sender lease per fleet (taken with SET NX PX, renewed and
/// released only with the holder's token) and a claim per digest window, so that a hand-over never sends a window twice.
/// </summary>
public sealed class SenderLeaseTests
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Of_eight_replicas_racing_for_the_lease_exactly_one_gets_it()
    {
        var (database, fleet) = await FleetAsync();
        var leases = Enumerable.Range(1, 8).Select(i => new SenderLease(database, fleet, $"orders-{i}", LeaseTime)).ToArray();

        var taken = await Task.WhenAll(leases.Select(lease => lease.TryAcquireAsync()));

        var holder = Assert.Single(leases.Where((_, i) => taken[i]));
        Assert.Equal(holder.Token, await holder.GetHolderAsync());
        Assert.True(await holder.RenewAsync());
        Assert.All(leases.Where(lease => lease != holder), lease => Assert.False(lease.RenewAsync().Result));
    }

    [Fact]
    public async Task A_holder_whose_lease_expired_can_neither_renew_nor_release_the_next_holders_lease()
    {
        var (database, fleet) = await FleetAsync();
        var paused = new SenderLease(database, fleet, "orders-1", TimeSpan.FromMilliseconds(200));
        var next = new SenderLease(database, fleet, "orders-2", LeaseTime);
        Assert.True(await paused.TryAcquireAsync());

        // The holder pauses (a long GC, a frozen pod) past its lease time; another replica takes over.
        var tookOver = false;
        await Poll.UntilAsync(() => tookOver = tookOver || next.TryAcquireAsync().Result, "the lease to expire and be taken over");

        Assert.False(await paused.RenewAsync());
        Assert.False(await paused.ReleaseAsync());
        Assert.Equal(next.Token, await next.GetHolderAsync());
        Assert.True(await next.ReleaseAsync());
        Assert.Null(await next.GetHolderAsync());
    }

    [Fact]
    public async Task A_window_is_claimed_once_across_a_hand_over_and_only_by_the_holder()
    {
        var (database, fleet) = await FleetAsync();
        var first = new SenderLease(database, fleet, "orders-1", LeaseTime);
        var second = new SenderLease(database, fleet, "orders-2", LeaseTime);
        Assert.True(await first.TryAcquireAsync());

        Assert.Equal(WindowClaim.Claimed, await first.ClaimWindowAsync(41, LeaseTime));
        Assert.Equal(WindowClaim.ClaimedBefore, await first.ClaimWindowAsync(41, LeaseTime));
        Assert.Equal(WindowClaim.NotTheHolder, await second.ClaimWindowAsync(42, LeaseTime));

        // Hand-over: the first holder stops; the second must not send window 41 again, and sends 42.
        Assert.True(await first.ReleaseAsync());
        Assert.True(await second.TryAcquireAsync());
        Assert.Equal(WindowClaim.ClaimedBefore, await second.ClaimWindowAsync(41, LeaseTime));
        Assert.Equal(WindowClaim.Claimed, await second.ClaimWindowAsync(42, LeaseTime));
        Assert.Equal(WindowClaim.NotTheHolder, await first.ClaimWindowAsync(43, LeaseTime));
    }

    private static async Task<(IDatabase Database, string Fleet)> FleetAsync()
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(await TestRedis.ConnectionStringAsync());
        return (redis.GetDatabase(), "fleet-" + Guid.NewGuid().ToString("N")[..8]);
    }
}
