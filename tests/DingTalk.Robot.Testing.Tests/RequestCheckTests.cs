using System.Net;
using System.Text;

namespace DingTalk.Robot.Testing.Tests;

/// <summary>Routing, token, Content-Type and body size: the checks before the message is read.</summary>
public sealed class RequestCheckTests : IDisposable
{
    private readonly RobotClient _client = new();

    [Fact]
    public async Task The_webhook_url_has_dingtalks_shape_with_a_random_64_hex_token()
    {
        await using var robot = await RobotEmulator.StartAsync();

        Assert.Matches("^http://127\\.0\\.0\\.1:[0-9]+/robot/send\\?access_token=[0-9a-f]{64}$", robot.WebhookUrl);
        Assert.EndsWith(robot.Options.AccessToken, robot.WebhookUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_token_is_used_and_url_encoded()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = "a b+c" });

        Assert.EndsWith("?access_token=a%20b%2Bc", robot.WebhookUrl, StringComparison.Ordinal);
        Assert.Equal(0, (await _client.PostAsync(robot.WebhookUrl, Bodies.Text)).ErrCode);
    }

    [Theory]
    [InlineData("?access_token=wrong")]
    [InlineData("")]
    [InlineData("?access_token=")]
    public async Task A_missing_or_wrong_token_is_refused_with_300001(string query)
    {
        await using var robot = await RobotEmulator.StartAsync();
        var url = robot.WebhookUrl[..robot.WebhookUrl.IndexOf('?', StringComparison.Ordinal)] + query;

        var response = await _client.PostAsync(url, Bodies.Text);

        Assert.Equal((300001, "token is not exist"), (response.ErrCode, response.ErrMsg));
        Assert.Empty(robot.Messages);
    }

    [Fact]
    public async Task The_token_given_twice_is_refused()
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync($"{robot.WebhookUrl}&access_token={robot.Options.AccessToken}", Bodies.Text);

        Assert.Equal(300001, response.ErrCode);
    }

    [Fact]
    public async Task The_token_is_checked_before_the_content_type()
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync(robot.WebhookUrl + "x", Bodies.Text, "text/plain");

        Assert.Equal(300001, response.ErrCode);
    }

    [Fact]
    public async Task Other_paths_and_methods_get_404_and_are_recorded()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var root = new Uri(robot.WebhookUrl).GetLeftPart(UriPartial.Authority);

        var get = await _client.SendAsync(HttpMethod.Get, robot.WebhookUrl);
        var otherPath = await _client.PostAsync(root + "/robot/sendx?access_token=" + robot.Options.AccessToken, Bodies.Text);
        var wrongCase = await _client.PostAsync(root + "/Robot/Send?access_token=" + robot.Options.AccessToken, Bodies.Text);

        Assert.All([get, otherPath, wrongCase], r => Assert.Equal(HttpStatusCode.NotFound, r.Status));
        Assert.Empty(robot.Messages);
        Assert.Equal([404, 404, 404], robot.Requests.Select(r => r.HttpStatus));
        Assert.Equal(["GET", "POST", "POST"], robot.Requests.Select(r => r.Method));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("Application/JSON")]
    public async Task Json_content_types_are_accepted(string contentType)
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync(robot.WebhookUrl, Bodies.Text, contentType);

        Assert.Equal(0, response.ErrCode);
    }

    [Theory]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json-patch+json")]
    [InlineData(null)]
    public async Task Other_or_missing_content_types_are_refused_with_43004(string? contentType)
    {
        await using var robot = await RobotEmulator.StartAsync();

        var response = await _client.PostAsync(robot.WebhookUrl, Bodies.Text, contentType);

        Assert.Equal((43004, "无效的HTTP HEADER Content-Type"), (response.ErrCode, response.ErrMsg));
        Assert.Empty(robot.Messages);
    }

    [Fact]
    public async Task A_chinese_body_over_20000_bytes_but_under_20000_chars_is_refused_with_460101()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var body = Bodies.TextMessage("").Replace("\"content\":\"\"", "\"content\":\"" + new string('警', 7000) + "\"", StringComparison.Ordinal);
        Assert.InRange(body.Length, 7000, 19999);
        Assert.InRange(Encoding.UTF8.GetByteCount(body), 20001, int.MaxValue);

        var response = await _client.PostAsync(robot.WebhookUrl, body);

        Assert.Equal((460101, "message too long, exceed 20000 bytes"), (response.ErrCode, response.ErrMsg));
        Assert.Empty(robot.Messages);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), Assert.Single(robot.Requests).BodyBytes);
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_accepted_and_one_byte_more_is_refused()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var empty = Bodies.TextMessage("x");
        var atLimit = empty.Replace("\"x\"", "\"" + new string('x', 20000 - Encoding.UTF8.GetByteCount(empty) + 1) + "\"", StringComparison.Ordinal);
        Assert.Equal(20000, Encoding.UTF8.GetByteCount(atLimit));

        var accepted = await _client.PostAsync(robot.WebhookUrl, atLimit);
        var refused = await _client.PostAsync(robot.WebhookUrl, atLimit.Replace("xx", "xxx", StringComparison.Ordinal));

        Assert.Equal(0, accepted.ErrCode);
        Assert.Equal(460101, refused.ErrCode);
    }

    [Fact]
    public async Task The_size_limit_can_be_configured()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { MaxBodyBytes = 50 });

        var response = await _client.PostAsync(robot.WebhookUrl, Bodies.Text);

        Assert.Equal((460101, "message too long, exceed 50 bytes"), (response.ErrCode, response.ErrMsg));
    }

    public void Dispose() => _client.Dispose();
}
