using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Robot.Testing.Tests;

/// <summary>20 accepted messages in any rolling minute, then a 10-minute throttle; all on a fake clock, no sleeps.</summary>
public sealed class RateLimitTests : IDisposable
{
    private const string TooFast = "send too fast, exceed 20 times per minute";

    private readonly RobotClient _client = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_21st_message_in_a_minute_is_refused_and_the_robot_stays_throttled_for_10_minutes()
    {
        await using var robot = await StartAsync();
        var start = _clock.GetUtcNow();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(0, (await PostAsync(robot, $"message {i}")).ErrCode);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var refused = await PostAsync(robot, "message 20");
        Assert.Equal((130101, TooFast), (refused.ErrCode, refused.ErrMsg));
        Assert.Equal(start.AddSeconds(20).AddMinutes(10), robot.ThrottledUntil);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(130101, (await PostAsync(robot, "5 minutes later")).ErrCode);

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(130101, (await PostAsync(robot, "just before the end")).ErrCode);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(robot.ThrottledUntil);
        Assert.Equal(0, (await PostAsync(robot, "after the penalty")).ErrCode);

        Assert.Equal(21, robot.Messages.Count);
        Assert.Equal(20, robot.MaxMessagesInAnyRollingMinute());
        Assert.Equal(start.AddSeconds(20).AddMinutes(10), robot.Messages[^1].ReceivedAt);
    }

    [Fact]
    public async Task While_throttled_every_request_with_a_valid_token_gets_130101()
    {
        await using var robot = await StartAsync();
        await SendAsync(robot, 21);

        var wrongContentType = await _client.PostAsync(robot.WebhookUrl, Bodies.Text, "text/plain");
        var wrongToken = await _client.PostAsync(robot.WebhookUrl + "0", Bodies.Text);

        Assert.Equal(130101, wrongContentType.ErrCode);
        Assert.Equal(300001, wrongToken.ErrCode);
    }

    [Fact]
    public async Task The_window_rolls_a_message_leaves_it_60_seconds_after_it_was_accepted()
    {
        await using var robot = await StartAsync();
        await SendAsync(robot, 10);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await SendAsync(robot, 10);
        _clock.Advance(TimeSpan.FromSeconds(30)); // the first 10 are now exactly 60 s old

        await SendAsync(robot, 10);
        var eleventh = await PostAsync(robot, "one too many");

        Assert.Equal(130101, eleventh.ErrCode);
        Assert.Equal(30, robot.Messages.Count);
        Assert.Equal(20, robot.MaxMessagesInAnyRollingMinute());
    }

    [Fact]
    public async Task A_message_59_999_seconds_old_still_counts()
    {
        await using var robot = await StartAsync();
        await SendAsync(robot, 20);
        _clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(1));

        Assert.Equal(130101, (await PostAsync(robot, "too early")).ErrCode);
    }

    [Fact]
    public async Task Refused_and_duplicate_messages_do_not_count()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { TimeProvider = _clock, MessagesPerMinute = 2 });

        Assert.Equal(0, (await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("a", msgUuid: "a"))).ErrCode);
        Assert.Equal(0, (await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("a", msgUuid: "a"))).ErrCode);
        Assert.Equal(400402, (await _client.PostAsync(robot.WebhookUrl, """{"msgtype":"text","text":{}}""")).ErrCode);
        Assert.Equal(0, (await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("b"))).ErrCode);
        Assert.Equal(130101, (await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("c"))).ErrCode);
    }

    [Fact]
    public async Task The_limit_and_the_penalty_can_be_configured()
    {
        await using var robot = await RobotEmulator.StartAsync(
            new RobotEmulatorOptions { TimeProvider = _clock, MessagesPerMinute = 3, ThrottlePenalty = TimeSpan.FromMinutes(1) });
        await SendAsync(robot, 3);

        var refused = await PostAsync(robot, "4th");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var accepted = await PostAsync(robot, "after a minute");

        Assert.Equal((130101, "send too fast, exceed 3 times per minute"), (refused.ErrCode, refused.ErrMsg));
        Assert.Equal(0, accepted.ErrCode);
    }

    [Fact]
    public async Task Concurrent_requests_accept_exactly_the_limit()
    {
        await using var robot = await RobotEmulator.StartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage($"m{i}"))));

        Assert.Equal(20, responses.Count(r => r.ErrCode == 0));
        Assert.Equal(10, responses.Count(r => r.ErrCode == 130101));
        Assert.Equal(20, robot.Messages.Count);
        Assert.Equal(30, robot.Requests.Count);
        Assert.NotNull(robot.ThrottledUntil);
    }

    [Fact]
    public async Task MaxMessagesInAnyRollingMinute_measures_the_densest_minute()
    {
        await using var robot = await StartAsync();
        Assert.Equal(0, robot.MaxMessagesInAnyRollingMinute());

        foreach (var gap in new[] { 0, 50, 9, 1, 59, 1 })
        {
            _clock.Advance(TimeSpan.FromSeconds(gap));
            await PostAsync(robot, "x");
        }

        // Arrivals at 0, 50, 59, 60, 119 and 120 s: at most 3 within any 60 s (0-59 or 50-60); 60 and 120 are a minute apart.
        Assert.Equal(3, robot.MaxMessagesInAnyRollingMinute());
    }

    public void Dispose() => _client.Dispose();

    private Task<RobotEmulator> StartAsync() => RobotEmulator.StartAsync(new RobotEmulatorOptions { TimeProvider = _clock });

    private Task<RobotResponse> PostAsync(RobotEmulator robot, string text) => _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage(text));

    private async Task SendAsync(RobotEmulator robot, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await PostAsync(robot, "x");
        }
    }
}
