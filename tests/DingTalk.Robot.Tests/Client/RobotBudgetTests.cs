using DingTalk.Robot.Internal;
using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Robot.Tests.Client;

public class RobotBudgetTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task A_permit_comes_back_only_after_more_than_a_minute()
    {
        var budget = new RobotBudget(20, _clock);
        for (var i = 0; i < 20; i++)
        {
            await budget.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }

        var twentyFirst = budget.AcquireAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, budget.WaitingSends);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, budget.WaitingSends);
        await twentyFirst.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Never_grants_more_than_the_limit_in_any_rolling_minute()
    {
        var budget = new RobotBudget(5, _clock);
        var granted = new List<DateTimeOffset>();
        var random = new Random(42);

        for (var i = 0; i < 40; i++)
        {
            var acquire = budget.AcquireAsync(CancellationToken.None);
            for (var step = 0; budget.WaitingSends > 0; step++)
            {
                Assert.True(step < 1000, "the budget never granted a permit");
                _clock.Advance(TimeSpan.FromMilliseconds(random.Next(1, 1500)));
            }

            // Granted inside the tick that just ran, at this moment of the clock; the send itself resumes later on the
            // thread pool, so reading the moment after awaiting it would see a clock advanced past the grant.
            granted.Add(_clock.GetUtcNow());
            await acquire.WaitAsync(TimeSpan.FromSeconds(5));
            _clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 3000)));
        }

        for (var i = 0; i < granted.Count; i++)
        {
            var inWindow = granted.Count(t => t >= granted[i] && t - granted[i] <= TimeSpan.FromSeconds(60));
            Assert.True(inWindow <= 5, $"{inWindow} permits within a minute of {granted[i]:O}");
        }
    }

    [Fact]
    public async Task Estimates_the_wait_before_the_next_send()
    {
        var budget = new RobotBudget(2, _clock);
        Assert.Equal(TimeSpan.Zero, budget.GetWaitBeforeNextSend());

        await budget.AcquireAsync(CancellationToken.None);
        Assert.Equal(TimeSpan.Zero, budget.GetWaitBeforeNextSend());

        _clock.Advance(TimeSpan.FromMilliseconds(200));
        await budget.AcquireAsync(CancellationToken.None);
        // The first permit, used 0.2 s ago, comes back 61 s after it was used.
        Assert.Equal(RobotBudget.Window - TimeSpan.FromMilliseconds(200), budget.GetWaitBeforeNextSend());

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(RobotBudget.Window - TimeSpan.FromMilliseconds(30200), budget.GetWaitBeforeNextSend());

        _clock.Advance(TimeSpan.FromSeconds(30.8));
        Assert.Equal(TimeSpan.Zero, budget.GetWaitBeforeNextSend());
    }

    [Fact]
    public void A_throttle_blocks_for_the_penalty_and_then_ends()
    {
        var budget = new RobotBudget(20, _clock);
        budget.Throttle(TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromMinutes(10), budget.GetRemainingThrottle());
        Assert.Equal(TimeSpan.FromMinutes(10), budget.GetWaitBeforeNextSend());

        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(TimeSpan.FromMinutes(1), budget.GetWaitBeforeNextSend());

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.Zero, budget.GetRemainingThrottle());
        Assert.Equal(TimeSpan.Zero, budget.GetWaitBeforeNextSend());
    }

    [Fact]
    public async Task Waiting_for_a_permit_honours_cancellation()
    {
        var budget = new RobotBudget(1, _clock);
        await budget.AcquireAsync(CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var waiting = budget.AcquireAsync(cancellation.Token);
        Assert.False(waiting.IsCompleted);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void One_budget_per_robot_and_clock()
    {
        var robot = DingTalkWebhook.Parse("https://oapi.dingtalk.com/robot/send?access_token=one");
        var sameRobot = DingTalkWebhook.Parse("https://OAPI.dingtalk.com/robot/send?access_token=one&x=y");
        var otherRobot = DingTalkWebhook.Parse("https://oapi.dingtalk.com/robot/send?access_token=two");
        var otherClock = new FakeTimeProvider();

        var budget = RobotBudgetRegistry.GetOrCreate(robot, 20, _clock);

        Assert.Same(budget, RobotBudgetRegistry.GetOrCreate(sameRobot, 5, _clock));
        Assert.NotSame(budget, RobotBudgetRegistry.GetOrCreate(otherRobot, 20, _clock));
        Assert.NotSame(budget, RobotBudgetRegistry.GetOrCreate(robot, 20, otherClock));
    }
}
