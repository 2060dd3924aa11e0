namespace DingTalk.Robot.Testing.Tests;

public sealed class KeywordTests : IDisposable
{
    private readonly RobotClient _client = new();

    [Theory]
    [InlineData("""{"msgtype":"text","text":{"content":"disk ALERT"}}""")]
    [InlineData("""{"msgtype":"markdown","markdown":{"title":"alert","text":"disk full"}}""")] // the title does not count
    [InlineData("""{"msgtype":"link","link":{"title":"t","text":"x","messageUrl":"https://e.com/alert"}}""")] // nor the url
    [InlineData("""{"msgtype":"feedCard","feedCard":{"links":[{"title":"t","messageURL":"https://e.com/alert","picURL":"p"}]}}""")]
    public async Task A_message_without_any_keyword_is_refused_with_310000(string body)
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Keywords = { "alert", "告警" } });

        var response = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal((310000, "keywords not in content"), (response.ErrCode, response.ErrMsg));
        Assert.Empty(robot.Messages);
    }

    [Theory]
    [InlineData("""{"msgtype":"text","text":{"content":"disk alert"}}""")]
    [InlineData("""{"msgtype":"text","text":{"content":"磁盘告警"}}""")]
    [InlineData("""{"msgtype":"markdown","markdown":{"title":"t","text":"### alert"}}""")]
    [InlineData("""{"msgtype":"link","link":{"title":"alert","text":"x","messageUrl":"u"}}""")]
    [InlineData("""{"msgtype":"link","link":{"title":"t","text":"an alert","messageUrl":"u"}}""")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"alert","text":"x","singleTitle":"s","singleURL":"u"}}""")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","text":"alert","singleTitle":"s","singleURL":"u"}}""")]
    [InlineData("""{"msgtype":"feedCard","feedCard":{"links":[{"title":"t","messageURL":"u","picURL":"p"},{"title":"alert","messageURL":"u","picURL":"p"}]}}""")]
    public async Task A_message_with_a_keyword_in_its_text_is_accepted(string body)
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Keywords = { "alert", "告警" } });

        var response = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal(0, response.ErrCode);
    }

    [Fact]
    public async Task Keywords_are_checked_after_the_shape()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Keywords = { "alert" } });

        var response = await _client.PostAsync(robot.WebhookUrl, """{"msgtype":"markdown","markdown":{"text":"x"}}""");

        Assert.Equal(400402, response.ErrCode);
    }

    [Fact]
    public async Task Without_keywords_any_text_is_accepted()
    {
        await using var robot = await RobotEmulator.StartAsync();

        Assert.Equal(0, (await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("anything"))).ErrCode);
    }

    public void Dispose() => _client.Dispose();
}
