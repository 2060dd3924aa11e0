using System.Net.Sockets;
using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Testing.Tests;

public sealed class OutageTests : IDisposable
{
    private readonly RobotClient _client = new();

    [Fact]
    public async Task During_an_outage_connections_are_refused_and_afterwards_the_same_url_works()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var url = robot.WebhookUrl;
        Assert.Equal(0, (await _client.PostAsync(url, Bodies.TextMessage("before"))).ErrCode);

        await robot.SimulateOutageAsync();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => _client.PostAsync(url, Bodies.TextMessage("during")));
        await robot.EndOutageAsync();
        var after = await _client.PostAsync(url, Bodies.TextMessage("after"));

        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);
        Assert.Equal(0, after.ErrCode);
        Assert.Equal(url, robot.WebhookUrl);
        Assert.Equal(["before", "after"], robot.Messages.Select(m => m.Text));
        Assert.Equal(2, robot.Requests.Count);
    }

    [Fact]
    public async Task Outages_can_repeat_and_extra_calls_do_nothing()
    {
        await using var robot = await RobotEmulator.StartAsync();

        await robot.EndOutageAsync();
        for (var i = 0; i < 2; i++)
        {
            await robot.SimulateOutageAsync();
            await robot.SimulateOutageAsync();
            await Assert.ThrowsAsync<HttpRequestException>(() => _client.PostAsync(robot.WebhookUrl, Bodies.Text));
            await robot.EndOutageAsync();
            await robot.EndOutageAsync();
            Assert.Equal(0, (await _client.PostAsync(robot.WebhookUrl, Bodies.Text)).ErrCode);
        }
    }

    [Fact]
    public async Task An_outage_drops_delayed_requests()
    {
        await using var robot = await RobotEmulator.StartAsync();
        robot.InjectFault(RobotFault.Delay(TimeSpan.FromMinutes(5)));
        var post = _client.PostAsync(robot.WebhookUrl, Bodies.Text);
        await Poll.UntilAsync(() => robot.QueuedFaultCount == 0, "the request arrives");

        await robot.SimulateOutageAsync().WaitAsync(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<HttpRequestException>(() => post);
        Assert.Empty(robot.Messages);
        Assert.Equal(0, Assert.Single(robot.Requests).HttpStatus);
    }

    [Fact]
    public async Task The_throttle_survives_an_outage()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { MessagesPerMinute = 1 });
        await _client.PostAsync(robot.WebhookUrl, Bodies.Text);
        await _client.PostAsync(robot.WebhookUrl, Bodies.Text);

        await robot.SimulateOutageAsync();
        await robot.EndOutageAsync();

        Assert.Equal(130101, (await _client.PostAsync(robot.WebhookUrl, Bodies.Text)).ErrCode);
    }

    public void Dispose() => _client.Dispose();
}
