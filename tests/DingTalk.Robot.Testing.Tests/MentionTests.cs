namespace DingTalk.Robot.Testing.Tests;

public sealed class MentionTests : IDisposable
{
    private readonly RobotClient _client = new();

    [Theory]
    [InlineData("text", """{"msgtype":"text","text":{"content":"@13800000000 and @u2: disk full"},"at":{"atMobiles":["13800000000","13900000000"],"atUserIds":["u1","u2"]}}""")]
    [InlineData("markdown", """{"msgtype":"markdown","markdown":{"title":"@13900000000 @u1","text":"### disk full\n\n@13800000000 @u2"},"at":{"atMobiles":["13800000000","13900000000"],"atUserIds":["u1","u2"]}}""")]
    public async Task Mentions_whose_token_is_not_in_the_text_are_reported(string msgType, string body)
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal(0, response.ErrCode); // DingTalk posts the message; the mention just does not notify anyone.
        var message = Assert.Single(robot.Messages);
        Assert.Equal(msgType, message.MsgType);
        Assert.Equal(["13900000000", "u1"], message.MentionsMissingFromText);
    }

    [Fact]
    public async Task Mentions_in_the_text_including_overseas_numbers_are_not_reported()
    {
        await using var robot = await RobotEmulator.StartAsync();

        await _client.PostAsync(
            robot.WebhookUrl,
            """{"msgtype":"text","text":{"content":"@+1-1234567890 @manager01 look"},"at":{"atMobiles":["+1-1234567890"],"atUserIds":["manager01"]}}""");

        Assert.Empty(Assert.Single(robot.Messages).MentionsMissingFromText);
    }

    [Fact]
    public async Task Link_and_feedCard_messages_cannot_mention_so_every_mention_is_reported()
    {
        await using var robot = await RobotEmulator.StartAsync();

        await _client.PostAsync(
            robot.WebhookUrl,
            """{"msgtype":"link","link":{"title":"t","text":"@138 look","messageUrl":"u"},"at":{"atMobiles":["138"]}}""");

        Assert.Equal(["138"], Assert.Single(robot.Messages).MentionsMissingFromText);
    }

    [Fact]
    public async Task A_message_without_mentions_reports_none()
    {
        await using var robot = await RobotEmulator.StartAsync();

        await _client.PostAsync(robot.WebhookUrl, Bodies.Markdown);

        var message = Assert.Single(robot.Messages);
        Assert.Empty(message.MentionsMissingFromText);
        Assert.Empty(message.AtMobiles);
        Assert.True(message.IsAtAll);
    }

    public void Dispose() => _client.Dispose();
}
