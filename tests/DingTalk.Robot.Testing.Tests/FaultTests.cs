using System.Net;
using DingTalk.Testing.Shared;
using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Robot.Testing.Tests;

public sealed class FaultTests : IDisposable
{
    private readonly RobotClient _client = new();

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task HttpStatus_answers_that_status_with_html_and_does_not_process(int status)
    {
        await using var robot = await RobotEmulator.StartAsync();
        robot.InjectFault(RobotFault.HttpStatus(status));

        var response = await _client.PostAsync(robot.WebhookUrl, Bodies.Text);

        Assert.Equal((HttpStatusCode)status, response.Status);
        Assert.Equal("text/html", response.MediaType);
        Assert.Contains("<html>", response.Body, StringComparison.Ordinal);
        Assert.Empty(robot.Messages);
        var request = Assert.Single(robot.Requests);
        Assert.Equal((status, null, null, $"HttpStatus({status})"), (request.HttpStatus, request.ErrCode, request.ErrMsg, request.Fault));
    }

    [Fact]
    public async Task ErrCode_answers_that_errcode_and_does_not_process()
    {
        await using var robot = await RobotEmulator.StartAsync();
        robot.InjectFault(RobotFault.ErrCode(-1, "系统繁忙"));

        var response = await _client.PostAsync(robot.WebhookUrl, Bodies.Text);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("""{"errcode":-1,"errmsg":"系统繁忙"}""", response.Body);
        Assert.Empty(robot.Messages);
        Assert.Equal("ErrCode(-1, \"系统繁忙\")", Assert.Single(robot.Requests).Fault);
    }

    [Fact]
    public async Task NonJson_answers_200_with_html()
    {
        await using var robot = await RobotEmulator.StartAsync();
        robot.InjectFault(RobotFault.NonJson());

        var response = await _client.PostAsync(robot.WebhookUrl, Bodies.Text);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/html", response.MediaType);
        Assert.StartsWith("<html>", response.Body, StringComparison.Ordinal);
        Assert.Empty(robot.Messages);
        var request = Assert.Single(robot.Requests);
        Assert.Equal((200, null, "NonJson"), (request.HttpStatus, request.ErrCode, request.Fault));
    }

    [Fact]
    public async Task DropConnection_fails_the_request_without_a_response()
    {
        await using var robot = await RobotEmulator.StartAsync();
        await _client.PostAsync(robot.WebhookUrl, Bodies.TextMessage("warm the connection pool"));
        robot.InjectFault(RobotFault.DropConnection());

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.PostAsync(robot.WebhookUrl, Bodies.Text));

        Assert.Single(robot.Messages);
        var request = robot.Requests[^1];
        Assert.Equal((0, null, "DropConnection"), (request.HttpStatus, request.ErrCode, request.Fault));
        Assert.Equal(0, (await _client.PostAsync(robot.WebhookUrl, Bodies.Text)).ErrCode);
    }

    [Fact]
    public async Task Faults_queue_up_and_each_request_takes_the_oldest()
    {
        await using var robot = await RobotEmulator.StartAsync();
        robot.InjectFault(RobotFault.HttpStatus(500), count: 2);
        robot.InjectFault(RobotFault.ErrCode(-1, "busy"));

        var statuses = new List<(HttpStatusCode, int?)>();
        for (var i = 0; i < 4; i++)
        {
            var response = await _client.PostAsync(robot.WebhookUrl, Bodies.Text);
            statuses.Add((response.Status, response.ErrCode));
        }

        Assert.Equal(
            [(HttpStatusCode.InternalServerError, null), (HttpStatusCode.InternalServerError, null), (HttpStatusCode.OK, -1), (HttpStatusCode.OK, 0)],
            statuses);
        Assert.Single(robot.Messages);
    }

    [Fact]
    public async Task A_fault_comes_before_every_check_but_only_for_the_send_endpoint()
    {
        await using var robot = await RobotEmulator.StartAsync();
        robot.InjectFault(RobotFault.HttpStatus(502));

        var notFound = await _client.SendAsync(HttpMethod.Get, robot.WebhookUrl);
        var wrongToken = await _client.PostAsync(robot.WebhookUrl + "0", "not json", "text/plain");

        Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
        Assert.Equal(HttpStatusCode.BadGateway, wrongToken.Status);
    }

    [Fact]
    public async Task Delay_processes_the_message_even_after_the_client_gave_up()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var impatient = new RobotClient(TimeSpan.FromMilliseconds(100));
        // A delay far past the client's timeout: on a loaded machine the timeout's continuation can run hundreds of
        // milliseconds late, and the message must still be unprocessed when the client has given up.
        robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(3)));

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.PostAsync(robot.WebhookUrl, Bodies.Text));
        Assert.Empty(robot.Messages);

        var messages = await robot.WaitForMessagesAsync(1, TimeSpan.FromSeconds(15));
        Assert.Equal("text", Assert.Single(messages).MsgType);
        var request = Assert.Single(robot.Requests);
        Assert.Equal((200, 0, "Delay(00:00:03)"), (request.HttpStatus, request.ErrCode, request.Fault));
    }

    [Fact]
    public async Task Delay_shows_why_retries_need_a_msgUuid()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var impatient = new RobotClient(TimeSpan.FromMilliseconds(100));
        robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(3)), count: 2);
        var withUuid = Bodies.TextMessage("with uuid", msgUuid: "u-1");
        var withoutUuid = Bodies.TextMessage("without uuid");

        // Both time out on the client; each retry is answered at once, before the delayed original is processed
        // (three seconds leave room for a loaded CI machine to make the four requests).
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.PostAsync(robot.WebhookUrl, withUuid));
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.PostAsync(robot.WebhookUrl, withoutUuid));
        Assert.Equal(0, (await _client.PostAsync(robot.WebhookUrl, withUuid)).ErrCode);
        Assert.Equal(0, (await _client.PostAsync(robot.WebhookUrl, withoutUuid)).ErrCode);
        await Poll.UntilAsync(() => robot.Requests.Count == 4, "the delayed requests are processed");

        Assert.Equal(["with uuid", "without uuid", "without uuid"], robot.Messages.Select(m => m.Text));
        Assert.Equal(1, robot.Requests.Count(r => r.Duplicate));
    }

    [Fact]
    public async Task Delay_waits_on_the_configured_clock()
    {
        var clock = new FakeTimeProvider();
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { TimeProvider = clock });
        robot.InjectFault(RobotFault.Delay(TimeSpan.FromHours(1)));

        var post = _client.PostAsync(robot.WebhookUrl, Bodies.Text);
        await Poll.UntilAsync(() => robot.QueuedFaultCount == 0, "the request arrives");
        for (var i = 0; i < 200 && !post.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(30));
            await Task.WhenAny(post, Task.Delay(10));
        }

        Assert.Equal(0, (await post).ErrCode);
        var message = Assert.Single(robot.Messages);
        Assert.InRange(message.ReceivedAt - Assert.Single(robot.Requests).ReceivedAt, TimeSpan.FromHours(1), TimeSpan.FromHours(100));
    }

    [Fact]
    public async Task A_request_delayed_when_the_emulator_is_disposed_is_dropped_and_disposal_does_not_wait_for_it()
    {
        var robot = await RobotEmulator.StartAsync();
        robot.InjectFault(RobotFault.Delay(Timeout.InfiniteTimeSpan));
        var post = _client.PostAsync(robot.WebhookUrl, Bodies.Text);
        await Poll.UntilAsync(() => robot.QueuedFaultCount == 0, "the request arrives");

        await robot.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<HttpRequestException>(() => post);
        Assert.Empty(robot.Messages);
        Assert.Equal((0, "Delay(Infinite)"), (Assert.Single(robot.Requests).HttpStatus, robot.Requests[0].Fault));
    }

    [Fact]
    public void Fault_factories_validate_their_arguments_and_name_themselves()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RobotFault.HttpStatus(199));
        Assert.Throws<ArgumentOutOfRangeException>(() => RobotFault.HttpStatus(600));
        Assert.Throws<ArgumentNullException>(() => RobotFault.ErrCode(1, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => RobotFault.Delay(TimeSpan.FromSeconds(-1)));
        Assert.Equal("Delay(00:00:05)", RobotFault.Delay(TimeSpan.FromSeconds(5)).ToString());
        Assert.Equal("DropConnection", RobotFault.DropConnection().ToString());
        Assert.Equal("NonJson", RobotFault.NonJson().ToString());
    }

    [Fact]
    public async Task InjectFault_validates_its_arguments()
    {
        await using var robot = await RobotEmulator.StartAsync();

        Assert.Throws<ArgumentNullException>(() => robot.InjectFault(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => robot.InjectFault(RobotFault.NonJson(), 0));
    }

    public void Dispose() => _client.Dispose();
}
