namespace DingTalk.Robot.Testing.Tests;

/// <summary>Waiting for messages, the MessageReceived event, Clear, disposal and what is safe to print.</summary>
public sealed class RecordingTests : IDisposable
{
    private const string Secret = "SECdeadbeef0123456789";

    private readonly RobotClient _client = new();

    [Fact]
    public async Task WaitForMessagesAsync_returns_when_enough_messages_are_accepted()
    {
        await using var robot = await RobotEmulator.StartAsync();
        await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("1"));
        Assert.Single(await robot.WaitForMessagesAsync(1, TimeSpan.Zero));

        var waiting = robot.WaitForMessagesAsync(3, TimeSpan.FromSeconds(5));
        await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("2"));
        Assert.False(waiting.IsCompleted);
        await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("3"));

        Assert.Equal(["1", "2", "3"], (await waiting).Select(m => m.Text));
    }

    [Fact]
    public async Task WaitForMessagesAsync_times_out_with_the_requests_seen_and_no_secret()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Keywords = { "alert" }, Secret = Secret });
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var url = Signing.SignedUrl(robot.WebhookUrl, Secret, timestamp);
        await _client.PostAsync(url, Bodies.TextMessage("disk full", msgUuid: "u-42"));
        await _client.PostAsync(url, "{}", "text/plain");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => robot.WaitForMessagesAsync(1, TimeSpan.FromMilliseconds(50)));

        Assert.Contains("Waited 00:00:00.0500000 for 1 accepted message(s) but the robot accepted 0.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Keywords = [alert]", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 request(s) received:", error.Message, StringComparison.Ordinal);
        Assert.Contains("POST /robot/send 66 B msgUuid=u-42 signed -> HTTP 200 errcode 310000 \"keywords not in content\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("-> HTTP 200 errcode 43004", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(robot.Options.AccessToken, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Signing.Base64Sign(Secret, timestamp)[..10], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForMessagesAsync_says_when_no_request_arrived()
    {
        await using var robot = await RobotEmulator.StartAsync();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => robot.WaitForMessagesAsync(2, TimeSpan.FromMilliseconds(20)));

        Assert.Contains("No request reached it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wait_that_timed_out_does_not_linger()
    {
        await using var robot = await RobotEmulator.StartAsync();
        await Assert.ThrowsAsync<TimeoutException>(() => robot.WaitForMessagesAsync(1, TimeSpan.FromMilliseconds(10)));

        await _client.PostAsync(robot.WebhookUrl, Bodies.Text);

        Assert.Single(await robot.WaitForMessagesAsync(1, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task MessageReceived_is_raised_before_the_client_is_answered_and_a_throwing_handler_changes_nothing()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var received = new List<ReceivedMessage>();
        robot.MessageReceived += _ => throw new InvalidOperationException("a broken test handler");
        robot.MessageReceived += received.Add;

        var accepted = await _client.PostAsync(robot.WebhookUrl, Bodies.Markdown);
        await _client.PostAsync(robot.WebhookUrl, """{"msgtype":"markdown"}""");

        Assert.Equal(0, accepted.ErrCode);
        Assert.Same(robot.Messages[0], Assert.Single(received));
    }

    [Fact]
    public async Task Clear_forgets_messages_and_requests_but_keeps_the_rate_window()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { MessagesPerMinute = 1 });
        await _client.PostAsync(robot.WebhookUrl, Bodies.Text);

        robot.Clear();

        Assert.Empty(robot.Messages);
        Assert.Empty(robot.Requests);
        Assert.Equal(0, robot.MaxMessagesInAnyRollingMinute());
        Assert.Equal(130101, (await _client.PostAsync(robot.WebhookUrl, Bodies.Text)).ErrCode);
        Assert.Single(robot.Requests);
    }

    [Fact]
    public async Task Snapshots_do_not_change_afterwards()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var before = robot.Messages;

        await _client.PostAsync(robot.WebhookUrl, Bodies.Text);

        Assert.Empty(before);
        Assert.Single(robot.Messages);
    }

    [Fact]
    public async Task After_disposal_the_port_is_closed_the_recordings_stay_and_waits_fail()
    {
        var robot = await RobotEmulator.StartAsync();
        await _client.PostAsync(robot.WebhookUrl, Bodies.Text);
        var waiting = robot.WaitForMessagesAsync(2, TimeSpan.FromSeconds(30));

        await robot.DisposeAsync();
        await robot.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.PostAsync(robot.WebhookUrl, Bodies.Text));
        Assert.Single(robot.Messages);
        Assert.Throws<ObjectDisposedException>(() => robot.InjectFault(RobotFault.NonJson()));
        await Assert.ThrowsAsync<ObjectDisposedException>(robot.SimulateOutageAsync);
        await Assert.ThrowsAsync<ObjectDisposedException>(robot.EndOutageAsync);
    }

    [Fact]
    public async Task ToString_never_shows_the_token_or_the_secret()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = Secret });
        await _client.PostAsync(Signing.SignedUrl(robot.WebhookUrl, Secret, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), Bodies.Text);

        string[] texts = [robot.ToString(), robot.Options.ToString(), robot.Requests[0].ToString(), robot.Messages[0].ToString()];

        Assert.Matches("^RobotEmulator on 127\\.0\\.0\\.1:[0-9]+ \\(1 messages, 1 requests\\)$", texts[0]);
        Assert.Contains("Signed = yes", texts[1], StringComparison.Ordinal);
        Assert.Equal("text \"disk full on @13800000000\" (135 B)", texts[3]);
        Assert.All(texts, text =>
        {
            Assert.DoesNotContain(robot.Options.AccessToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        });
    }

    public void Dispose() => _client.Dispose();
}
