namespace DingTalk.Robot.Tests.Client;

public class DingTalkRobotOptionsTests
{
    public static TheoryData<string, Action<DingTalkRobotOptions>, Type, string> InvalidOptions => new()
    {
        { "missing URL", o => o.WebhookUrl = null, typeof(ArgumentException), "is required" },
        { "blank URL", o => o.WebhookUrl = "   ", typeof(ArgumentException), "is required" },
        { "relative URL", o => o.WebhookUrl = "/robot/send?access_token=" + TestSecrets.AccessToken, typeof(ArgumentException), "must be an absolute URL" },
        { "malformed URL", o => o.WebhookUrl = "https://exa mple.com:99999/robot/send?access_token=" + TestSecrets.AccessToken, typeof(ArgumentException), "not a well-formed URL" },
        { "http to a public host", o => o.WebhookUrl = "http://oapi.dingtalk.com/robot/send?access_token=" + TestSecrets.AccessToken, typeof(ArgumentException), "must use https" },
        { "another scheme", o => o.WebhookUrl = "ftp://oapi.dingtalk.com/robot/send?access_token=" + TestSecrets.AccessToken, typeof(ArgumentException), "must be an https URL" },
        { "no access_token", o => o.WebhookUrl = "https://oapi.dingtalk.com/robot/send?token=" + TestSecrets.AccessToken, typeof(ArgumentException), "has no access_token" },
        { "empty access_token", o => o.WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=", typeof(ArgumentException), "has an empty access_token" },
        { "URL with timestamp", o => o.WebhookUrl = TestSecrets.WebhookUrl + "&timestamp=1582163555000", typeof(ArgumentException), "already carries a 'timestamp'" },
        { "URL with sign", o => o.WebhookUrl = TestSecrets.WebhookUrl + "&sign=abc%3D", typeof(ArgumentException), "already carries a 'sign'" },
        { "secret with whitespace", o => o.Secret = TestSecrets.Secret + "\n", typeof(ArgumentException), "Secret contains whitespace" },
        { "empty keyword", o => o.Keywords = new List<string> { "告警", " " }, typeof(ArgumentException), "contains an empty keyword" },
        { "zero messages per minute", o => o.MessagesPerMinute = 0, typeof(ArgumentOutOfRangeException), "MessagesPerMinute must be positive" },
        { "more messages per minute than DingTalk allows", o => o.MessagesPerMinute = 21, typeof(ArgumentOutOfRangeException), "MessagesPerMinute must be at most 20; got 21. DingTalk throttles a robot for 10 minutes" },
        { "zero timeout", o => o.Timeout = TimeSpan.Zero, typeof(ArgumentOutOfRangeException), "Timeout (per HTTP attempt) must be positive" },
        { "negative throttle penalty", o => o.ThrottlePenalty = TimeSpan.FromSeconds(-1), typeof(ArgumentOutOfRangeException), "ThrottlePenalty must not be negative" },
        { "negative retry time limit", o => o.RetryTimeLimit = TimeSpan.FromSeconds(-1), typeof(ArgumentOutOfRangeException), "RetryTimeLimit must not be negative" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Each_invalid_option_is_reported_with_its_own_message_and_no_credential(string caseName, Action<DingTalkRobotOptions> spoil, Type expectedType, string expectedText)
    {
        var options = ValidOptions();
        spoil(options);

        var exception = Assert.Throws(expectedType, options.Validate);

        Assert.Contains(expectedText, exception.Message, StringComparison.Ordinal);
        TestSecrets.AssertNoSecrets(exception.Message);
        TestSecrets.AssertNoSecrets(exception.ToString());
        TestSecrets.AssertNoSecrets(options.ToString());
        Assert.False(string.IsNullOrEmpty(caseName));
    }

    [Fact]
    public void Every_invalid_option_has_a_distinct_message()
    {
        var messages = new List<string>();
        foreach (var row in InvalidOptions)
        {
            var options = ValidOptions();
            ((Action<DingTalkRobotOptions>)row[1])(options);
            messages.Add(Assert.ThrowsAny<ArgumentException>(options.Validate).Message);
        }

        // "missing" and "blank" are the same problem, and say so alike; every other one is distinct.
        Assert.Equal(messages.Count - 1, messages.Distinct().Count());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/robot/send?access_token=t")]
    [InlineData("http://127.8.9.10/robot/send?access_token=t")]
    [InlineData("http://[::1]:5000/robot/send?access_token=t")]
    [InlineData("http://localhost:5000/robot/send?access_token=t")]
    [InlineData("https://oapi.dingtalk.io/robot/send?access_token=t")]
    [InlineData("  https://oapi.dingtalk.com/robot/send?access_token=t  ")]
    public void AcceptsHttpsAnywhereAndHttpOnlyOnLoopback(string url)
        => new DingTalkRobotOptions { WebhookUrl = url }.Validate();

    [Theory]
    [InlineData("http://10.0.0.1/robot/send?access_token=t")]
    [InlineData("http://localhost.example.com/robot/send?access_token=t")]
    [InlineData("http://128.0.0.1/robot/send?access_token=t")]
    public void Rejects_http_to_hosts_that_are_not_loopback(string url)
        => Assert.Contains("must use https", Assert.Throws<ArgumentException>(new DingTalkRobotOptions { WebhookUrl = url }.Validate).Message);

    [Theory]
    [InlineData("http://127.0.0.1:5000/robot/send?access_token=t")]
    [InlineData("http://localhost:5000/robot/send?access_token=t")]
    public void ATestServerOnLoopbackMayBeGivenMoreThanTwentyMessagesAMinute(string url)
        => new DingTalkRobotOptions { WebhookUrl = url, MessagesPerMinute = 1_000 }.Validate();

    [Fact]
    public void Even_a_test_server_on_loopback_has_a_budget()
        => Assert.Contains(
            "MessagesPerMinute must be at most 1000 for a test server on loopback",
            Assert.Throws<ArgumentOutOfRangeException>(new DingTalkRobotOptions { WebhookUrl = "http://127.0.0.1:5000/robot/send?access_token=t", MessagesPerMinute = 1_001 }.Validate).Message);

    [Fact]
    public async Task An_empty_secret_means_the_robot_does_not_sign()
    {
        // A robot without 加签 would accept a signed request too: what is checked is what went over the wire.
        await using var harness = await RobotHarness.StartAsync(robot => robot.Secret = null, client => client.Secret = string.Empty);

        var result = await harness.Client.SendAsync(new TextMessage("unsigned"));

        Assert.True(result.IsSuccess, result.ToString());
        var query = Assert.Single(harness.Http.RequestUris).Query;
        Assert.Contains("access_token=", query, StringComparison.Ordinal);
        Assert.DoesNotContain("timestamp=", query, StringComparison.Ordinal);
        Assert.DoesNotContain("sign=", query, StringComparison.Ordinal);
        Assert.False(Assert.Single(harness.Robot.Requests).Signed);
    }

    [Fact]
    public void Defaults_match_DingTalks_limits()
    {
        var options = new DingTalkRobotOptions();

        Assert.Equal(20, options.MessagesPerMinute);
        Assert.Equal(TimeSpan.FromMinutes(10), options.ThrottlePenalty);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.RetryTimeLimit);
        Assert.Empty(options.Keywords);
    }

    [Fact]
    public void ToString_shows_the_host_only()
    {
        var options = ValidOptions();

        Assert.Equal("DingTalk robot at oapi.dingtalk.com (signed, 1 keyword(s), 20 messages/minute)", options.ToString());
        TestSecrets.AssertNoSecrets(options.ToString());
    }

    [Fact]
    public void The_client_copies_the_options()
    {
        var options = ValidOptions();
        using var client = new DingTalkRobotClient(options);

        options.WebhookUrl = "not a url";
        options.Keywords.Clear();

        Assert.Equal("DingTalkRobotClient(oapi.dingtalk.com)", client.ToString());
    }

    [Fact]
    public void The_client_validates_the_options()
        => Assert.Throws<ArgumentException>(() => new DingTalkRobotClient(new DingTalkRobotOptions()));

    private static DingTalkRobotOptions ValidOptions() => new()
    {
        WebhookUrl = TestSecrets.WebhookUrl,
        Secret = TestSecrets.Secret,
        Keywords = { "告警" },
    };
}
