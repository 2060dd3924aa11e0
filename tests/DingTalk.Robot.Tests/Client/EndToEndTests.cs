using System.Text;
using DingTalk.Robot.Serialization;

namespace DingTalk.Robot.Tests.Client;

/// <summary>Messages sent over real HTTP to the robot emulator, which enforces DingTalk's rules.</summary>
public class EndToEndTests
{
    public static TheoryData<string, DingTalkMessage> Messages => new()
    {
        { "text", new TextMessage("订单服务出错了 @13800000000") { At = new Mentions { AtMobiles = { "13800000000" } } } },
        { "markdown", new MarkdownMessage("生产告警", "### 3 个错误\n\n> 超时 **5** 次") { At = new Mentions { IsAtAll = true } } },
        { "link", new LinkMessage("发布完成", "v1.2.3 已上线", "https://example.com/release", "https://example.com/logo.png") },
        { "actionCard", new ActionCardMessage("部署", "#### 部署成功") { SingleTitle = "阅读全文", SingleUrl = "https://example.com/deploy" } },
        {
            "actionCard",
            new ActionCardMessage("审批", "请处理")
            {
                BtnOrientation = ActionCardButtonOrientation.Horizontal,
                Buttons = { new ActionCardButton("同意", "https://example.com/yes"), new ActionCardButton("拒绝", "https://example.com/no") },
            }
        },
        { "feedCard", new FeedCardMessage(new[] { new FeedCardLink("第一条", "https://example.com/1", "https://example.com/1.png") }) },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Every_message_type_is_accepted_signed(string msgType, DingTalkMessage message)
    {
        await using var harness = await RobotHarness.StartAsync();

        var result = await harness.Client.SendAsync(message);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(1, result.Attempts);
        Assert.Equal(0, result.ErrCode);
        Assert.Equal(200, result.HttpStatus);
        var received = Assert.Single(harness.Robot.Messages);
        Assert.Equal(msgType, received.MsgType);
        Assert.Empty(received.MentionsMissingFromText);
        var request = Assert.Single(harness.Robot.Requests);
        Assert.True(request.Signed);
        Assert.Equal(harness.Clock.GetUtcNow().ToUnixTimeMilliseconds(), request.Timestamp);

        // The body is exactly what the writer produced (plus the generated msgUuid).
        var expected = Encoding.UTF8.GetString(DingTalkMessageWriter.ToUtf8Bytes(message, received.MsgUuid));
        Assert.Equal(expected, received.Body);
    }

    [Fact]
    public async Task A_robot_without_signing_gets_no_timestamp_or_sign()
    {
        await using var harness = await RobotHarness.StartAsync(robot => robot.Secret = null, client => client.Secret = null);

        var result = await harness.Client.SendAsync(new TextMessage("hello"));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.False(Assert.Single(harness.Robot.Requests).Signed);
        Assert.DoesNotContain("sign=", Assert.Single(harness.Http.RequestUris).Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signs_with_the_timestamp_of_the_clients_clock()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Clock.Advance(TimeSpan.FromMinutes(42));

        await harness.Client.SendAsync(new TextMessage("hello"));

        var uri = Assert.Single(harness.Http.RequestUris);
        var timestamp = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.EndsWith($"&timestamp={timestamp}&sign={Robot.Internal.DingTalkSigner.ComputeSign(timestamp, TestSecrets.Secret)}", uri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_as_permanent_without_retry()
    {
        await using var harness = await RobotHarness.StartAsync(robot => robot.Secret = "SECsomeoneelse");

        var result = await harness.Client.SendAsync(new TextMessage("hello"));

        Assert.Equal(DingTalkFailureKind.Permanent, result.Kind);
        Assert.Equal(310000, result.ErrCode);
        Assert.Equal(1, result.Attempts);
        Assert.Single(harness.Robot.Requests);
    }

    [Fact]
    public async Task The_first_keyword_is_appended_when_the_message_has_none()
    {
        await using var harness = await RobotHarness.StartAsync(robot => robot.Keywords = new List<string> { "告警" }, client => client.Keywords = new List<string> { "告警", "alert" });

        var result = await harness.Client.SendAsync(new MarkdownMessage("disk", "disk almost full"));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("disk almost full\n\n告警", Assert.Single(harness.Robot.Messages).Text);
    }

    [Fact]
    public async Task A_message_with_a_keyword_is_left_alone()
    {
        await using var harness = await RobotHarness.StartAsync(robot => robot.Keywords = new List<string> { "alert" }, client => client.Keywords = new List<string> { "告警", "alert" });

        var result = await harness.Client.SendAsync(new TextMessage("an alert: disk almost full"));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("an alert: disk almost full", Assert.Single(harness.Robot.Messages).Text);
    }

    [Fact]
    public async Task Without_configured_keywords_the_robot_refuses_the_message()
    {
        // The emulator really enforces keywords: what makes the test above meaningful.
        await using var harness = await RobotHarness.StartAsync(robot => robot.Keywords = new List<string> { "告警" });

        var result = await harness.Client.SendAsync(new TextMessage("disk almost full"));

        Assert.Equal(DingTalkFailureKind.Permanent, result.Kind);
        Assert.Equal(310000, result.ErrCode);
        Assert.Contains("keyword", result.ErrMsg, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_callers_message_is_not_modified()
    {
        await using var harness = await RobotHarness.StartAsync();
        var message = new TextMessage("hello");

        await harness.Client.SendAsync(message);
        await harness.Client.SendAsync(message);

        Assert.Null(message.MsgUuid);
        var uuids = harness.Robot.Messages.Select(m => m.MsgUuid).ToArray();
        Assert.Equal(2, uuids.Length);
        Assert.All(uuids, uuid => Assert.False(string.IsNullOrEmpty(uuid)));
        Assert.NotEqual(uuids[0], uuids[1]);
    }

    [Fact]
    public async Task The_messages_own_msgUuid_is_used()
    {
        await using var harness = await RobotHarness.StartAsync();

        await harness.Client.SendAsync(new TextMessage("hello") { MsgUuid = "mine-1" });

        Assert.Equal("mine-1", Assert.Single(harness.Robot.Messages).MsgUuid);
    }

    [Fact]
    public async Task A_body_over_20000_bytes_is_refused_before_sending()
    {
        await using var harness = await RobotHarness.StartAsync();

        // 6700 CJK characters are 20100 bytes of UTF-8, plus the JSON around them.
        var result = await harness.Client.SendAsync(new TextMessage(new string('错', 6700)));
        var expectedBytes = 20100 + TextOverheadBytes();

        Assert.Equal(DingTalkFailureKind.Permanent, result.Kind);
        Assert.Equal(0, result.Attempts);
        Assert.Null(result.HttpStatus);
        Assert.Contains("20000", result.ErrMsg, StringComparison.Ordinal);
        Assert.Contains($"{expectedBytes} bytes", result.ErrMsg, StringComparison.Ordinal);
        Assert.Empty(harness.Http.RequestUris);
        Assert.Empty(harness.Robot.Requests);
    }

    [Fact]
    public async Task A_body_of_exactly_20000_bytes_is_sent()
    {
        await using var harness = await RobotHarness.StartAsync();

        var result = await harness.Client.SendAsync(new TextMessage(new string('x', 20000 - TextOverheadBytes())));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(20000, Assert.Single(harness.Robot.Messages).BodyBytes);
    }

    [Fact]
    public async Task An_HttpClient_passed_in_is_used_and_not_disposed()
    {
        await using var harness = await RobotHarness.StartAsync();
        var handler = new RecordingHandler();
        using var httpClient = new HttpClient(handler);
        var client = new DingTalkRobotClient(harness.Options, httpClient, harness.Clock);

        var result = await client.SendAsync(new TextMessage("hello"));
        client.Dispose();

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Single(handler.RequestUris);
        Assert.Equal(404, HttpStatusCodeOf(await httpClient.GetAsync(harness.Robot.WebhookUrl)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.SendAsync(new TextMessage("again")));
    }

    // The bytes of {"msgtype":"text","text":{"content":"…"},"msgUuid":"<32 hex digits>"} around the content.
    private static int TextOverheadBytes()
        => DingTalkMessageWriter.ToUtf8Bytes(new TextMessage("x"), msgUuid: new string('0', 32)).Length - 1;

    private static int HttpStatusCodeOf(HttpResponseMessage response) => (int)response.StatusCode;
}
