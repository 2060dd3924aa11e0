using System.Net;
using System.Text;

namespace DingTalk.Robot.Testing.Tests;

public sealed class MessageTypeTests : IDisposable
{
    private readonly RobotClient _client = new();

    public static TheoryData<string, string, string?, string?> Examples => new()
    {
        { Bodies.Text, "text", null, "disk full on @13800000000" },
        { Bodies.Link, "link", "Release", "v1.2 is out" },
        { Bodies.Markdown, "markdown", "Errors", "### 3 errors\n\n- **db** timeout" },
        { Bodies.ActionCardSingle, "actionCard", "Deploy", "**v1.2** ready" },
        { Bodies.ActionCardButtons, "actionCard", "Vote", "Ship it?" },
        { Bodies.FeedCard, "feedCard", null, null },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Each_message_type_of_the_contract_is_accepted_and_recorded(string body, string msgType, string? title, string? text)
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal("""{"errcode":0,"errmsg":"ok"}""", response.Body);
        var message = Assert.Single(robot.Messages);
        Assert.Equal(msgType, message.MsgType);
        Assert.Equal(title, message.Title);
        Assert.Equal(text, message.Text);
        Assert.Equal(body, message.Body);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), message.BodyBytes);
        Assert.Equal(msgType, message.Json.GetProperty("msgtype").GetString());
    }

    [Fact]
    public async Task A_text_message_records_its_mentions_and_msgUuid()
    {
        await using var robot = await RobotEmulator.StartAsync();
        const string body = """
            {"msgtype":"text","msgUuid":"m-1","text":{"content":"@13800000000 look"},
             "at":{"atMobiles":["13800000000"],"atUserIds":["u1","u2"],"isAtAll":true}}
            """;

        var response = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal(0, response.ErrCode);
        var message = Assert.Single(robot.Messages);
        Assert.Equal("m-1", message.MsgUuid);
        Assert.Equal(["13800000000"], message.AtMobiles);
        Assert.Equal(["u1", "u2"], message.AtUserIds);
        Assert.True(message.IsAtAll);
        var request = Assert.Single(robot.Requests);
        Assert.Equal(("POST", "/robot/send", "m-1", 200, 0, "ok", false), (request.Method, request.Path, request.MsgUuid, request.HttpStatus, request.ErrCode, request.ErrMsg, request.Duplicate));
        Assert.Equal(RobotClient.Json, request.ContentType);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), request.BodyBytes);
        Assert.Null(request.Fault);
        Assert.False(request.Signed);
    }

    [Fact]
    public async Task Json_nulls_count_as_absent_optional_fields()
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync(
            robot.WebhookUrl,
            """{"msgtype":"link","msgUuid":null,"at":null,"link":{"title":"t","text":"x","messageUrl":"https://e.com","picUrl":null}}""");

        Assert.Equal(0, response.ErrCode);
        Assert.Null(Assert.Single(robot.Messages).MsgUuid);
    }

    public void Dispose() => _client.Dispose();
}
