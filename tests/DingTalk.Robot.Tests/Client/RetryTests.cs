using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Tests.Client;

public class RetryTests
{
    [Fact]
    public async Task Transient_failures_are_retried_with_the_same_msgUuid_and_a_fresh_signature()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.HttpStatus(503));
        harness.Robot.InjectFault(RobotFault.ErrCode(-1, "系统繁忙"));
        harness.Robot.InjectFault(RobotFault.NonJson());

        var result = await harness.DriveAsync(harness.Client.SendAsync(new TextMessage("hello")));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(4, result.Attempts);
        var requests = harness.Robot.Requests;
        Assert.Equal(4, requests.Count);
        var uuid = Assert.Single(requests.Select(r => r.MsgUuid).Distinct());
        Assert.False(string.IsNullOrEmpty(uuid));
        Assert.All(requests, r => Assert.True(r.Signed));

        // Each attempt signed at its own time: strictly increasing timestamps, and no sign reused.
        var timestamps = requests.Select(r => r.Timestamp!.Value).ToArray();
        Assert.Equal(timestamps.OrderBy(t => t).Distinct(), timestamps);
        Assert.Equal(4, harness.Http.Signs.Distinct().Count());
        Assert.Single(harness.Robot.Messages);
    }

    [Fact]
    public async Task Retries_wait_with_growing_backoff()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.HttpStatus(502), 4);

        var result = await harness.DriveAsync(harness.Client.SendAsync(new TextMessage("hello")), TimeSpan.FromMilliseconds(50));

        Assert.True(result.IsSuccess, result.ToString());
        var gaps = harness.Robot.Requests.Zip(harness.Robot.Requests.Skip(1), (a, b) => b.ReceivedAt - a.ReceivedAt).ToArray();
        Assert.Equal(4, gaps.Length);
        for (var i = 0; i < gaps.Length; i++)
        {
            // Failure n waits between half and all of 0.5 s × 2^(n-1), plus a few 50 ms steps of the test clock.
            var nominal = TimeSpan.FromMilliseconds(500 << i);
            Assert.InRange(gaps[i], nominal / 2, nominal + TimeSpan.FromMilliseconds(250));
        }
    }

    [Fact]
    public async Task Retries_stop_at_the_retry_time_limit()
    {
        await using var harness = await RobotHarness.StartAsync(configureClient: o => o.RetryTimeLimit = TimeSpan.FromSeconds(10));
        harness.Robot.InjectFault(RobotFault.HttpStatus(503), 100);
        var started = harness.Clock.GetUtcNow();

        var result = await harness.DriveAsync(harness.Client.SendAsync(new TextMessage("hello")));

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        Assert.Equal(503, result.HttpStatus);
        Assert.InRange(result.Attempts, 4, 6);
        Assert.Equal(result.Attempts, harness.Robot.Requests.Count);
        Assert.True(harness.Robot.Requests[^1].ReceivedAt - started <= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_zero_retry_time_limit_means_exactly_one_attempt()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.HttpStatus(503), 3);

        var result = await harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        Assert.Equal(1, result.Attempts);
        Assert.Single(harness.Robot.Requests);
    }

    [Fact]
    public async Task Permanent_failures_are_not_retried()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.ErrCode(400102, "robot disabled"), 3);

        var result = await harness.Client.SendAsync(new TextMessage("hello"));

        Assert.Equal(DingTalkFailureKind.Permanent, result.Kind);
        Assert.Equal(1, result.Attempts);
        Assert.Single(harness.Robot.Requests);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried_and_the_message_is_posted_once()
    {
        await using var harness = await RobotHarness.StartAsync(configureClient: o => o.Timeout = TimeSpan.FromSeconds(5));
        harness.Robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(30)));

        var send = harness.Client.SendAsync(new TextMessage("hello"));

        // The first attempt hangs in the emulator; five seconds on the shared clock time it out.
        await harness.WaitUntilTheRobotDelaysAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => harness.Http.InFlight == 0, "the first attempt timed out");

        var result = await harness.DriveAsync(send, TimeSpan.FromMilliseconds(100));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(2, result.Attempts);

        // Let the delayed original through: the emulator processes it although the client gave up, and the shared
        // msgUuid keeps it from being posted a second time.
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => harness.Robot.Requests.Count == 2, "the delayed request was processed");
        var requests = harness.Robot.Requests;
        Assert.Single(requests.Select(r => r.MsgUuid).Distinct());
        Assert.Contains(requests, r => r.Duplicate);
        Assert.Single(harness.Robot.Messages);
    }

    [Fact]
    public async Task The_timeout_says_what_happened()
    {
        await using var harness = await RobotHarness.StartAsync(configureClient: o => o.Timeout = TimeSpan.FromSeconds(2));
        harness.Robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(30)));

        var send = harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);
        await harness.WaitUntilTheRobotDelaysAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        var result = await send.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        Assert.Equal(1, result.Attempts);
        Assert.Equal("no answer within the per-attempt timeout of 2 s", result.ErrMsg);
    }

    [Fact]
    public async Task Cancelling_during_the_backoff_throws()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.HttpStatus(503));
        using var cancellation = new CancellationTokenSource();

        var send = harness.Client.SendAsync(new TextMessage("hello"), cancellation.Token);
        await Poll.UntilAsync(() => harness.Robot.Requests.Count == 1 && harness.Http.InFlight == 0, "the first attempt failed");
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(harness.Robot.Requests);
    }

    [Fact]
    public async Task Cancelling_during_the_request_throws()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.Delay(Timeout.InfiniteTimeSpan));
        using var cancellation = new CancellationTokenSource();

        var send = harness.Client.SendAsync(new TextMessage("hello"), cancellation.Token);
        await Poll.UntilAsync(() => harness.Http.InFlight == 1, "the attempt is in flight");
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
