using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Tests.Client;

public class ClientRateLimitTests
{
    [Fact]
    public async Task Thirty_sends_against_a_limit_of_twenty_never_get_the_robot_throttled()
    {
        await using var harness = await RobotHarness.StartAsync();
        var started = harness.Clock.GetUtcNow();

        var sends = Enumerable.Range(1, 30).Select(i => harness.Client.SendAsync(new TextMessage($"message {i}"))).ToArray();
        var results = await harness.DriveAsync(Task.WhenAll(sends), TimeSpan.FromSeconds(1));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
        Assert.Equal(30, harness.Robot.Messages.Count);
        Assert.DoesNotContain(harness.Robot.Requests, r => r.ErrCode == 130101);
        Assert.True(harness.Robot.MaxMessagesInAnyRollingMinute() <= 20, $"max {harness.Robot.MaxMessagesInAnyRollingMinute()} in a minute");

        // The 21st waited for the first permit to come back, more than a minute later.
        Assert.True(harness.Robot.Messages[20].ReceivedAt - started > TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Clients_of_the_same_robot_share_one_budget()
    {
        await using var harness = await RobotHarness.StartAsync(robot => robot.MessagesPerMinute = 3, client => client.MessagesPerMinute = 3);
        using var second = new DingTalkRobotClient(harness.Options, (HttpMessageHandler)harness.Http, harness.Clock);

        var sends = Enumerable.Range(1, 4)
            .Select(i => (i % 2 == 0 ? second : harness.Client).SendAsync(new TextMessage($"message {i}")))
            .ToArray();
        var results = await harness.DriveAsync(Task.WhenAll(sends), TimeSpan.FromSeconds(1));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
        Assert.True(harness.Robot.MaxMessagesInAnyRollingMinute() <= 3);
        Assert.DoesNotContain(harness.Robot.Requests, r => r.ErrCode == 130101);
    }

    [Fact]
    public async Task Throttled_robot_gets_nothing_during_the_penalty_and_messages_after_it()
    {
        // The client allows more than the robot does, so the robot throttles it for real.
        await using var harness = await RobotHarness.StartAsync(robot => robot.MessagesPerMinute = 2, client => client.MessagesPerMinute = 10);
        Assert.True((await harness.Client.SendAsync(new TextMessage("one"))).IsSuccess);
        Assert.True((await harness.Client.SendAsync(new TextMessage("two"))).IsSuccess);

        var throttled = await harness.Client.SendAsync(new TextMessage("three"));
        Assert.Equal(DingTalkFailureKind.Throttled, throttled.Kind);
        Assert.Equal(130101, throttled.ErrCode);
        Assert.Equal(1, throttled.Attempts);

        // During the penalty: refused at once, with no request.
        harness.Clock.Advance(TimeSpan.FromMinutes(9));
        var duringPenalty = await harness.Client.SendAsync(new TextMessage("four"));
        Assert.Equal(DingTalkFailureKind.Throttled, duringPenalty.Kind);
        Assert.Equal(0, duringPenalty.Attempts);
        Assert.Null(duringPenalty.HttpStatus);
        Assert.Contains("1 min 0 s", duringPenalty.ErrMsg, StringComparison.Ordinal);
        Assert.Equal(3, harness.Robot.Requests.Count);
        Assert.Equal(TimeSpan.FromMinutes(1), harness.Client.GetWaitBeforeNextSend());

        // After it: sent again.
        harness.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, harness.Client.GetWaitBeforeNextSend());
        var after = await harness.Client.SendAsync(new TextMessage("five"));
        Assert.True(after.IsSuccess, after.ToString());
        Assert.Equal(3, harness.Robot.Messages.Count);
    }

    [Fact]
    public async Task A_throttle_errcode_stops_every_client_of_the_robot()
    {
        await using var harness = await RobotHarness.StartAsync(configureClient: o => o.ThrottlePenalty = TimeSpan.FromMinutes(2));
        using var second = new DingTalkRobotClient(harness.Options, (HttpMessageHandler)harness.Http, harness.Clock);
        harness.Robot.InjectFault(RobotFault.ErrCode(410100, "throttled"));

        Assert.Equal(DingTalkFailureKind.Throttled, (await harness.Client.SendAsync(new TextMessage("one"))).Kind);
        var other = await second.SendAsync(new TextMessage("two"));

        Assert.Equal(DingTalkFailureKind.Throttled, other.Kind);
        Assert.Equal(0, other.Attempts);
        Assert.Single(harness.Robot.Requests);
        Assert.Equal(TimeSpan.FromMinutes(2), second.GetWaitBeforeNextSend());
    }

    [Fact]
    public async Task The_wait_before_the_next_send_follows_the_budget()
    {
        await using var harness = await RobotHarness.StartAsync(robot => robot.MessagesPerMinute = 2, client => client.MessagesPerMinute = 2);
        Assert.Equal(TimeSpan.Zero, harness.Client.GetWaitBeforeNextSend());

        await harness.Client.SendAsync(new TextMessage("one"));
        Assert.Equal(TimeSpan.Zero, harness.Client.GetWaitBeforeNextSend());
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        await harness.Client.SendAsync(new TextMessage("two"));

        Assert.Equal(TimeSpan.FromSeconds(51), harness.Client.GetWaitBeforeNextSend());
        harness.Clock.Advance(TimeSpan.FromSeconds(51));
        Assert.Equal(TimeSpan.Zero, harness.Client.GetWaitBeforeNextSend());
    }

    [Fact]
    public async Task Waiting_for_the_budget_honours_cancellation()
    {
        await using var harness = await RobotHarness.StartAsync(robot => robot.MessagesPerMinute = 1, client => client.MessagesPerMinute = 1);
        await harness.Client.SendAsync(new TextMessage("one"));
        using var cancellation = new CancellationTokenSource();

        var waiting = harness.Client.SendAsync(new TextMessage("two"), cancellation.Token);
        await Poll.UntilAsync(() => harness.Client.SendsWaitingForPermit == 1, "the second send waits for the budget");
        Assert.False(waiting.IsCompleted);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(harness.Robot.Requests);
    }
}
