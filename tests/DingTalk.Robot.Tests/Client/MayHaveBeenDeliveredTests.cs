using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Tests.Client;

/// <summary>
/// <see cref="DingTalkSendResult.MayHaveBeenDelivered"/>: an attempt that went out and got no answer has an unknown
/// outcome (DingTalk does not document de-duplication by msgUuid), and the result says so; an answered attempt, or one
/// that never left, does not.
/// </summary>
public sealed class MayHaveBeenDeliveredTests
{
    [Fact]
    public async Task A_timed_out_attempt_may_have_been_delivered_and_indeed_the_robot_posts_it_later()
    {
        await using var harness = await RobotHarness.StartAsync(configureClient: o => o.Timeout = TimeSpan.FromSeconds(5));
        harness.Robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(30)));

        var send = harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);
        await harness.WaitUntilTheRobotDelaysAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        var result = await WithinTenSeconds(send);

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        Assert.Null(result.HttpStatus);
        Assert.True(result.MayHaveBeenDelivered);
        Assert.EndsWith("1 attempt(s), may have been delivered)", result.ToString(), StringComparison.Ordinal);

        // What "may" means: the robot got the request, and posts it once its delay is over.
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => harness.Robot.Messages.Count == 1, "the delayed request is posted");
    }

    [Fact]
    public async Task A_success_after_a_timed_out_attempt_says_that_the_first_attempt_may_have_posted_too()
    {
        await using var harness = await RobotHarness.StartAsync(configureClient: o => o.Timeout = TimeSpan.FromSeconds(5));
        harness.Robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(30)));

        var send = harness.Client.SendAsync(new TextMessage("hello"));
        await harness.WaitUntilTheRobotDelaysAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => harness.Http.InFlight == 0, "the first attempt timed out");
        var result = await harness.DriveAsync(send, TimeSpan.FromMilliseconds(100));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(2, result.Attempts);
        Assert.True(result.MayHaveBeenDelivered);
    }

    [Fact]
    public async Task A_connection_dropped_after_the_request_was_read_may_have_been_delivered()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.DropConnection());

        var result = await WithinTenSeconds(harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None));

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        Assert.True(result.MayHaveBeenDelivered, result.ToString());
    }

    [Fact]
    public async Task An_answered_attempt_was_not_delivered_when_it_failed_and_is_not_in_doubt_when_it_succeeded()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.HttpStatus(503));

        var refused = await harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);
        var accepted = await harness.Client.SendAsync(new TextMessage("hello again"), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(503, refused.HttpStatus);
        Assert.False(refused.MayHaveBeenDelivered, refused.ToString());
        Assert.DoesNotContain("may have been delivered", refused.ToString(), StringComparison.Ordinal);
        Assert.True(accepted.IsSuccess, accepted.ToString());
        Assert.False(accepted.MayHaveBeenDelivered);
    }

    [Fact]
    public async Task A_refused_connection_never_left_so_it_was_not_delivered()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var client = new DingTalkRobotClient(
            new DingTalkRobotOptions { WebhookUrl = $"http://127.0.0.1:{port}/robot/send?access_token={Guid.NewGuid():N}" });

        var result = await WithinTenSeconds(client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None));

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        Assert.Contains("refused", result.ErrMsg, StringComparison.OrdinalIgnoreCase);
        Assert.False(result.MayHaveBeenDelivered, result.ToString());
    }

    [Fact]
    public async Task A_message_refused_before_sending_was_not_delivered()
    {
        await using var harness = await RobotHarness.StartAsync();

        var result = await harness.Client.SendAsync(new TextMessage(new string('x', DingTalkRobotOptions.MaxBodyBytes)));

        Assert.Equal(0, result.Attempts);
        Assert.False(result.MayHaveBeenDelivered);
    }

    private static async Task<DingTalkSendResult> WithinTenSeconds(Task<DingTalkSendResult> send)
    {
        var realTime = Stopwatch.StartNew();
        var done = await Task.WhenAny(send, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(done == send, $"The send did not end within {realTime.Elapsed}.");
        return await send;
    }
}
