namespace DingTalk.Robot.Testing.Tests;

public sealed class DeduplicationTests : IDisposable
{
    private readonly RobotClient _client = new();

    [Fact]
    public async Task A_retry_with_the_same_msgUuid_is_answered_ok_but_not_posted_twice()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var body = Bodies.TextMessage("disk full", msgUuid: "7f3c");

        var first = await _client.PostAsync(robot.WebhookUrl, body);
        var retry = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal((0, "ok"), (first.ErrCode, first.ErrMsg));
        Assert.Equal((0, "ok"), (retry.ErrCode, retry.ErrMsg));
        Assert.Equal("7f3c", Assert.Single(robot.Messages).MsgUuid);
        Assert.Equal([false, true], robot.Requests.Select(r => r.Duplicate));
        Assert.Equal(["7f3c", "7f3c"], robot.Requests.Select(r => r.MsgUuid));
    }

    [Fact]
    public async Task Messages_without_or_with_different_msgUuids_are_all_posted()
    {
        await using var robot = await RobotEmulator.StartAsync();

        await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("x"));
        await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("x"));
        await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("x", msgUuid: "a"));
        await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("x", msgUuid: "A"));

        Assert.Equal(4, robot.Messages.Count);
        Assert.DoesNotContain(robot.Requests, r => r.Duplicate);
    }

    [Fact]
    public async Task The_msgUuid_of_a_refused_message_is_not_remembered()
    {
        await using var robot = await RobotEmulator.StartAsync();

        var refused = await _client.PostAsync(robot.WebhookUrl, """{"msgtype":"text","msgUuid":"u","text":{}}""");
        var accepted = await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("fixed", msgUuid: "u"));

        Assert.Equal(400402, refused.ErrCode);
        Assert.Equal(0, accepted.ErrCode);
        Assert.Single(robot.Messages);
        Assert.DoesNotContain(robot.Requests, r => r.Duplicate);
    }

    [Fact]
    public async Task Clear_forgets_the_recordings_but_not_the_msgUuids_already_accepted()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var body = Bodies.TextMessage("x", msgUuid: "u");
        await _client.PostAsync(robot.WebhookUrl, body);

        robot.Clear();
        Assert.Empty(robot.Messages);
        Assert.Empty(robot.Requests);
        await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Empty(robot.Messages);
        Assert.True(Assert.Single(robot.Requests).Duplicate);
    }

    public void Dispose() => _client.Dispose();
}
