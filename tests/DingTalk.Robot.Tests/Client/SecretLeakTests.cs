using DingTalk.Robot.Testing;

namespace DingTalk.Robot.Tests.Client;

/// <summary>
/// Every failure path, provoked for real, and every text that leaves the client checked for the access token, the
/// secret and the signs that were sent.
/// </summary>
public class SecretLeakTests
{
    [Fact]
    public async Task A_bad_sign_leaks_nothing()
    {
        await using var harness = await RobotHarness.StartAsync(robot => robot.Secret = "SECanotherrobotssecret");
        var result = await harness.Client.SendAsync(new TextMessage("hello"));

        Assert.Equal(310000, result.ErrCode);
        AssertNoSecrets(harness, result);
    }

    [Fact]
    public async Task A_wrong_token_leaks_nothing()
    {
        await using var harness = await RobotHarness.StartAsync(
            robot => robot.AccessToken = "the-right-token",
            client => client.WebhookUrl = client.WebhookUrl!.Replace("the-right-token", TestSecrets.AccessToken, StringComparison.Ordinal));
        var result = await harness.Client.SendAsync(new TextMessage("hello"));

        Assert.Equal(300001, result.ErrCode);
        AssertNoSecrets(harness, result);
    }

    public static TheoryData<string, RobotFault> Faults => new()
    {
        { "5xx", RobotFault.HttpStatus(503) },
        { "drop", RobotFault.DropConnection() },
        { "non-JSON", RobotFault.NonJson() },
        { "errmsg quoting the token", RobotFault.ErrCode(-1, $"busy, token {TestSecrets.AccessToken}, secret {TestSecrets.Secret}") },
        { "bad keyword", RobotFault.ErrCode(310000, "keywords not in content") },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Faults_leak_nothing(string name, RobotFault fault)
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(fault);

        var result = await harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);

        Assert.False(result.IsSuccess, name);
        AssertNoSecrets(harness, result);
    }

    [Fact]
    public async Task A_timeout_leaks_nothing()
    {
        await using var harness = await RobotHarness.StartAsync(configureClient: o => o.Timeout = TimeSpan.FromSeconds(1));
        harness.Robot.InjectFault(RobotFault.Delay(TimeSpan.FromMinutes(1)));

        var send = harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);
        await harness.WaitUntilTheRobotDelaysAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var result = await send.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        AssertNoSecrets(harness, result);
    }

    [Fact]
    public async Task An_outage_leaks_nothing()
    {
        await using var harness = await RobotHarness.StartAsync();
        await harness.Robot.SimulateOutageAsync();

        var result = await harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        AssertNoSecrets(harness, result);
    }

    [Fact]
    public async Task An_exception_that_quotes_the_request_URL_is_redacted()
    {
        var http = new RecordingHandler { Throw = request => new HttpRequestException($"could not reach {request.RequestUri} ({Uri.UnescapeDataString(request.RequestUri!.Query)})") };
        await using var harness = await RobotHarness.StartAsync(http: http);

        var result = await harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);

        Assert.Contains("could not reach http://127.0.0.1:", result.ErrMsg, StringComparison.Ordinal);
        Assert.Contains("access_token=***", result.ErrMsg, StringComparison.Ordinal);
        Assert.Contains("sign=***", result.ErrMsg, StringComparison.Ordinal);
        AssertNoSecrets(harness, result);
    }

    [Fact]
    public async Task An_oversize_message_leaks_nothing()
    {
        await using var harness = await RobotHarness.StartAsync();

        var result = await harness.Client.SendAsync(new TextMessage(new string('x', 25000)));

        Assert.Equal(0, result.Attempts);
        AssertNoSecrets(harness, result);
    }

    [Fact]
    public async Task A_throttled_robot_leaks_nothing()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.ErrCode(130101, "send too fast"));

        AssertNoSecrets(harness, await harness.Client.SendAsync(new TextMessage("one")));
        AssertNoSecrets(harness, await harness.Client.SendAsync(new TextMessage("two")));
    }

    [Theory]
    [InlineData("http://example.com/robot/send?access_token=" + TestSecrets.AccessToken)]
    [InlineData("https://example.com/robot/send?access_token=" + TestSecrets.AccessToken + "&sign=" + TestSecrets.Secret)]
    [InlineData("https://exa mple.com/robot/send?access_token=" + TestSecrets.AccessToken)]
    [InlineData("robot/send?access_token=" + TestSecrets.AccessToken)]
    public void Invalid_options_leak_nothing(string webhookUrl)
    {
        var options = new DingTalkRobotOptions { WebhookUrl = webhookUrl, Secret = TestSecrets.Secret };

        var exception = Assert.ThrowsAny<ArgumentException>(() => new DingTalkRobotClient(options));

        TestSecrets.AssertNoSecrets(exception.ToString());
        TestSecrets.AssertNoSecrets(options.ToString());
    }

    [Fact]
    public void The_client_redacts_text_for_the_digest_engine()
    {
        using var client = new DingTalkRobotClient(new DingTalkRobotOptions { WebhookUrl = TestSecrets.WebhookUrl, Secret = TestSecrets.Secret });

        var redacted = client.Redact($"posting to {TestSecrets.WebhookUrl}&timestamp=1&sign=abc%2B with {TestSecrets.Secret}");

        Assert.Equal("posting to https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=*** with ***", redacted);
    }

    private static void AssertNoSecrets(RobotHarness harness, DingTalkSendResult result)
    {
        var signs = harness.Http.Signs;
        TestSecrets.AssertNoSecrets(result.ToString(), signs);
        TestSecrets.AssertNoSecrets(result.ErrMsg, signs);
        TestSecrets.AssertNoSecrets(harness.Client.ToString(), signs);
        TestSecrets.AssertNoSecrets(harness.Options.ToString(), signs);
    }
}
