namespace DingTalk.Robot.Testing.Tests;

/// <summary>JSON, msgtype and the required fields of each type, with DingTalk's exact casing.</summary>
public sealed class MessageShapeTests : IDisposable
{
    private readonly RobotClient _client = new();

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("""{"msgtype":"text","text":{"content":"x"},}""")]
    public async Task A_body_that_is_not_a_json_object_is_refused_with_400402(string body)
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal((400402, "invalid parameter: the body is not a UTF-8 JSON object"), (response.ErrCode, response.ErrMsg));
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_refused_with_400402()
    {
        await using var robot = await RobotEmulator.StartAsync();
        byte[] body = [.. "{\"msgtype\":\"text\",\"text\":{\"content\":\""u8, 0xBE, 0xAF, .. "\"}}"u8]; // GBK, not UTF-8

        var response = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal(400402, response.ErrCode);
        Assert.Empty(robot.Messages);
    }

    [Theory]
    [InlineData("""{"text":{"content":"x"}}""")]
    [InlineData("""{"msgtype":"image","image":{"url":"x"}}""")]
    [InlineData("""{"msgtype":"Text","text":{"content":"x"}}""")]
    [InlineData("""{"msgtype":"actioncard","actioncard":{"title":"t","text":"x"}}""")]
    [InlineData("""{"msgtype":1}""")]
    public async Task A_missing_or_unknown_msgtype_is_refused_with_400105(string body)
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal((400105, "unsupported msgtype"), (response.ErrCode, response.ErrMsg));
    }

    [Theory]
    [InlineData("""{"msgtype":"text"}""", "missing param text")]
    [InlineData("""{"msgtype":"text","text":{}}""", "missing param text.content")]
    [InlineData("""{"msgtype":"text","text":{"content":"  "}}""", "missing param text.content (it is empty)")]
    [InlineData("""{"msgtype":"text","text":{"content":null}}""", "missing param text.content")]
    [InlineData("""{"msgtype":"text","text":{"Content":"x"}}""", "missing param text.content (found \"Content\": names are case-sensitive)")]
    [InlineData("""{"msgtype":"text","text":{"content":1}}""", "invalid param text.content: expected a string")]
    [InlineData("""{"msgtype":"text","text":"x"}""", "invalid param text: expected an object")]
    [InlineData("""{"msgtype":"markdown","markdown":{"text":"x"}}""", "missing param markdown.title")]
    [InlineData("""{"msgtype":"markdown","markdown":{"title":"t"}}""", "missing param markdown.text")]
    [InlineData("""{"msgtype":"link","link":{"text":"x","messageUrl":"u"}}""", "missing param link.title")]
    [InlineData("""{"msgtype":"link","link":{"title":"t","messageUrl":"u"}}""", "missing param link.text")]
    [InlineData("""{"msgtype":"link","link":{"title":"t","text":"x","messageURL":"u"}}""", "missing param link.messageUrl (found \"messageURL\": names are case-sensitive)")]
    [InlineData("""{"msgtype":"link","link":{"title":"t","text":"x","messageUrl":"u","picUrl":5}}""", "invalid param link.picUrl: expected a string")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"text":"x","singleTitle":"s","singleURL":"u"}}""", "missing param actionCard.title")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","singleTitle":"s","singleURL":"u"}}""", "missing param actionCard.text")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","text":"x","singleTitle":"s"}}""", "missing param actionCard.singleURL")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","text":"x","singleURL":"u"}}""", "missing param actionCard.singleTitle")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","text":"x","singleTitle":"s","singleUrl":"u"}}""", "missing param actionCard.singleURL (found \"singleUrl\": names are case-sensitive)")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","text":"x","singleUrl":"u"}}""", "missing param actionCard.singleURL (found \"singleUrl\": names are case-sensitive)")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","text":"x"}}""", "missing param actionCard.btns")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","text":"x","btns":[]}}""", "missing param actionCard.btns (it is empty)")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","text":"x","btns":[{"title":"A","actionURL":"u"},{"title":"B","actionUrl":"u"}]}}""", "missing param actionCard.btns[1].actionURL (found \"actionUrl\": names are case-sensitive)")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","text":"x","btns":[{"actionURL":"u"}]}}""", "missing param actionCard.btns[0].title")]
    [InlineData("""{"msgtype":"actionCard","actionCard":{"title":"t","text":"x","btns":["A"]}}""", "invalid param actionCard.btns[0]: expected an object")]
    [InlineData("""{"msgtype":"feedCard","feedCard":{}}""", "missing param feedCard.links")]
    [InlineData("""{"msgtype":"feedCard","feedCard":{"links":[]}}""", "missing param feedCard.links (it is empty)")]
    [InlineData("""{"msgtype":"feedCard","feedCard":{"links":{"title":"t"}}}""", "invalid param feedCard.links: expected an array")]
    [InlineData("""{"msgtype":"feedCard","feedCard":{"links":[{"messageURL":"u","picURL":"p"}]}}""", "missing param feedCard.links[0].title")]
    [InlineData("""{"msgtype":"feedCard","feedCard":{"links":[{"title":"t","messageUrl":"u","picURL":"p"}]}}""", "missing param feedCard.links[0].messageURL (found \"messageUrl\": names are case-sensitive)")]
    [InlineData("""{"msgtype":"feedCard","feedCard":{"links":[{"title":"t","messageURL":"u","picUrl":"p"}]}}""", "missing param feedCard.links[0].picURL (found \"picUrl\": names are case-sensitive)")]
    [InlineData("""{"msgtype":"text","text":{"content":"x"},"at":["1"]}""", "invalid param at: expected an object")]
    [InlineData("""{"msgtype":"text","text":{"content":"x"},"at":{"atMobiles":"138"}}""", "invalid param at.atMobiles: expected an array of strings")]
    [InlineData("""{"msgtype":"text","text":{"content":"x"},"at":{"atUserIds":[1]}}""", "invalid param at.atUserIds: expected an array of strings")]
    [InlineData("""{"msgtype":"text","text":{"content":"x"},"at":{"isAtAll":"true"}}""", "invalid param at.isAtAll: expected true or false")]
    public async Task A_missing_or_malformed_field_is_refused_with_400402_naming_it(string body, string errmsg)
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal((400402, errmsg), (response.ErrCode, response.ErrMsg));
        Assert.Empty(robot.Messages);
    }

    [Fact]
    public async Task A_single_button_action_card_ignores_btns()
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync(
            robot.WebhookUrl,
            """{"msgtype":"actionCard","actionCard":{"title":"t","text":"x","singleTitle":"s","singleURL":"u","btns":[]}}""");

        Assert.Equal(0, response.ErrCode);
    }

    public void Dispose() => _client.Dispose();
}
