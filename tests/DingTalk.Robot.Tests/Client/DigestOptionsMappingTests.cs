using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Tests.Client;

/// <summary>
/// <see cref="DingTalkDigestOptions.ToRobotOptions"/> is the one mapping from the digest options to the robot client's:
/// validation checks what the engine is built from, so every value <see cref="DingTalkDigestOptions.Validate"/> accepts
/// constructs an engine (it once let <c>Keywords = null</c> through to an ArgumentNullException in the engine).
/// </summary>
public sealed class DigestOptionsMappingTests
{
    // Loopback: a test server, so a budget above DingTalk's 20 is allowed; nothing is sent, as no event is logged.
    private const string Webhook = "http://127.0.0.1:9/robot/send?access_token=" + TestSecrets.AccessToken;

    public static TheoryData<string, Action<DingTalkDigestOptions>> AcceptedValues => new()
    {
        { "the defaults", _ => { } },
        { "null Keywords", o => o.Keywords = null! },
        { "null AtMobiles", o => o.AtMobiles = null! },
        { "null AtUserIds", o => o.AtUserIds = null! },
        { "every list null", o => { o.Keywords = null!; o.AtMobiles = null!; o.AtUserIds = null!; } },
        { "empty lists, empty secret, no title", o => { o.Keywords = []; o.AtMobiles = []; o.AtUserIds = []; o.Secret = string.Empty; o.Title = null; } },
        { "an unbounded queue", o => o.QueueLimit = null },
        { "the smallest limits", o => { o.BatchSizeLimit = 1; o.QueueLimit = 1; o.MaxEventsShown = 1; o.MessagesPerMinute = 1; } },
        { "the largest limits", o => { o.BatchSizeLimit = int.MaxValue; o.QueueLimit = int.MaxValue; o.MaxEventsShown = int.MaxValue; o.MessagesPerMinute = 1_000; } },
        { "the shortest TimeSpans", o => { o.BufferingTimeLimit = TimeSpan.FromMilliseconds(1); o.RetryTimeLimit = TimeSpan.FromMilliseconds(1); o.ShutdownTimeout = TimeSpan.FromMilliseconds(1); } },
        { "the longest TimeSpans", o => { o.BufferingTimeLimit = TimeSpan.FromHours(1); o.RetryTimeLimit = TimeSpan.FromHours(12); o.ShutdownTimeout = TimeSpan.FromMinutes(10); } },
        { "the lowest mention level", o => o.MentionLevel = DigestLevel.Verbose },
        { "the highest mention level", o => o.MentionLevel = DigestLevel.Fatal },
        { "every switch flipped", o => { o.AtAll = true; o.EagerlyEmitFirstEvent = true; o.IncludeProperties = false; } },
    };

    [Theory]
    [MemberData(nameof(AcceptedValues))]
    public async Task Every_value_that_Validate_accepts_constructs_an_engine(string name, Action<DingTalkDigestOptions> change)
    {
        // A robot of its own (budgets are shared per webhook in the process), so that each case builds its own budget.
        var options = new DingTalkDigestOptions { WebhookUrl = Webhook + Guid.NewGuid().ToString("N"), Secret = TestSecrets.Secret };
        change(options);
        options.Validate();

        var engine = new DigestEngine<DigestEvent>(options, DigestEventPassThroughReader.Instance, diagnostics: null);
        await engine.DisposeAsync();

        Assert.Equal(0, engine.UndeliveredAtStop);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void The_robot_options_carry_the_webhook_the_secret_the_keywords_and_the_budget()
    {
        var options = new DingTalkDigestOptions { WebhookUrl = Webhook, Secret = TestSecrets.Secret, Keywords = ["告警", "alert"], MessagesPerMinute = 7 };

        var robot = options.ToRobotOptions();
        options.Keywords.Add("later");

        Assert.Equal(Webhook, robot.WebhookUrl);
        Assert.Equal(TestSecrets.Secret, robot.Secret);
        Assert.Equal(["告警", "alert"], robot.Keywords);
        Assert.Equal(7, robot.MessagesPerMinute);
        Assert.Empty(new DingTalkDigestOptions { Keywords = null! }.ToRobotOptions().Keywords);
    }

    [Fact]
    public void The_robot_options_refuse_what_the_digest_options_refuse()
    {
        var options = new DingTalkDigestOptions { WebhookUrl = TestSecrets.WebhookUrl, MessagesPerMinute = 21 };

        var fromDigest = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        var fromRobot = Assert.Throws<ArgumentOutOfRangeException>(options.ToRobotOptions().Validate);

        Assert.Equal(fromRobot.Message, fromDigest.Message);
    }
}
