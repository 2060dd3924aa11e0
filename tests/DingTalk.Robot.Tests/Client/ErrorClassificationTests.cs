using DingTalk.Robot.Testing;

namespace DingTalk.Robot.Tests.Client;

/// <summary>Every class of answer, injected into the emulator, ends the send the right way.</summary>
public class ErrorClassificationTests
{
    [Theory]
    [InlineData(130101, "send too fast, exceed 20 times per minute", DingTalkFailureKind.Throttled)]
    [InlineData(410100, "throttled", DingTalkFailureKind.Throttled)]
    [InlineData(310000, "keywords not in content", DingTalkFailureKind.Permanent)]
    [InlineData(310000, "sign not match", DingTalkFailureKind.Permanent)]
    [InlineData(310000, "ip 1.2.3.4 not in whitelist", DingTalkFailureKind.Permanent)]
    [InlineData(300001, "token is not exist", DingTalkFailureKind.Permanent)]
    [InlineData(400101, "invalid token", DingTalkFailureKind.Permanent)]
    [InlineData(400102, "robot disabled", DingTalkFailureKind.Permanent)]
    [InlineData(400106, "robot not in group", DingTalkFailureKind.Permanent)]
    [InlineData(400013, "group dissolved", DingTalkFailureKind.Permanent)]
    [InlineData(400105, "unsupported msgtype", DingTalkFailureKind.Permanent)]
    [InlineData(400402, "missing param title", DingTalkFailureKind.Permanent)]
    [InlineData(460101, "message too large", DingTalkFailureKind.Permanent)]
    [InlineData(101002, "message too large", DingTalkFailureKind.Permanent)]
    [InlineData(430101, "unsafe link", DingTalkFailureKind.Permanent)]
    [InlineData(430104, "inappropriate content", DingTalkFailureKind.Permanent)]
    [InlineData(999999, "something new", DingTalkFailureKind.Permanent)]
    public async Task Errcodes_that_cannot_succeed_by_retrying_end_after_one_attempt(int errcode, string errmsg, DingTalkFailureKind expected)
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.ErrCode(errcode, errmsg), 5);

        var result = await harness.Client.SendAsync(new TextMessage("hello"));

        Assert.Equal(expected, result.Kind);
        Assert.Equal(errcode, result.ErrCode);
        Assert.Equal(errmsg, result.ErrMsg);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(200, result.HttpStatus);
        Assert.Single(harness.Robot.Requests);
    }

    [Fact]
    public async Task System_busy_is_transient()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.ErrCode(-1, "系统繁忙"));

        var result = await harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        Assert.Equal(-1, result.ErrCode);
        Assert.Equal(1, result.Attempts);
    }

    public static TheoryData<string, RobotFault> TransportFaults => new()
    {
        { "HTTP 503", RobotFault.HttpStatus(503) },
        { "HTTP 500", RobotFault.HttpStatus(500) },
        { "dropped connection", RobotFault.DropConnection() },
        { "non-JSON body", RobotFault.NonJson() },
    };

    [Theory]
    [MemberData(nameof(TransportFaults))]
    public async Task Transport_failures_are_transient_and_do_not_throw(string name, RobotFault fault)
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(fault);

        var result = await harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        Assert.Null(result.ErrCode);
        Assert.Equal(1, result.Attempts);
        Assert.False(string.IsNullOrEmpty(result.ErrMsg), name);
    }

    [Fact]
    public async Task An_outage_is_transient()
    {
        await using var harness = await RobotHarness.StartAsync();
        await harness.Robot.SimulateOutageAsync();

        var result = await harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        Assert.Null(result.HttpStatus);
        Assert.Contains("the request failed", result.ErrMsg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_exception_from_the_http_stack_becomes_a_transient_result()
    {
        var http = new RecordingHandler { Throw = _ => new InvalidOperationException("handler misconfigured") };
        await using var harness = await RobotHarness.StartAsync(http: http);

        var result = await harness.Client.SendAsync(new TextMessage("hello"), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(DingTalkFailureKind.Transient, result.Kind);
        Assert.Contains("InvalidOperationException: handler misconfigured", result.ErrMsg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_timestamp_is_retried_once_signed_afresh()
    {
        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.ErrCode(310000, "invalid timestamp"));

        var result = await harness.Client.SendAsync(new TextMessage("hello"));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(2, result.Attempts);
        Assert.Single(harness.Robot.Messages);
    }

    [Fact]
    public async Task A_clock_an_hour_off_is_reported_as_clock_skew()
    {
        var skewedClock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.Zero));
        await using var harness = await RobotHarness.StartAsync(clientClock: skewedClock);

        var result = await harness.Client.SendAsync(new TextMessage("hello"));

        Assert.Equal(DingTalkFailureKind.Permanent, result.Kind);
        Assert.Equal(310000, result.ErrCode);
        Assert.Equal(2, result.Attempts);
        Assert.Contains("clock skew", result.ErrMsg, StringComparison.Ordinal);
        Assert.Empty(harness.Robot.Messages);
    }
}
