using DingTalk.Testing.Shared;
using DingTalk.Robot.Testing;
using Serilog.Core;
using Serilog.Events;

namespace Serilog.Sinks.DingTalk.Tests;

public sealed class SerilogSinkEndToEndTests
{
    private const string Secret = "SECtest000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public async Task Errors_arrive_as_one_signed_markdown_digest_that_mentions_the_on_call()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = Secret, Keywords = { "alert" } });
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.DingTalk(robot.WebhookUrl, secret: Secret, keyword: "alert", title: "OrderService",
                atMobiles: ["13800000000"], atUserIds: ["oncall01"], bufferingTimeLimit: TimeSpan.FromMinutes(1))
            .CreateLogger();

        for (var i = 0; i < 3; i++)
        {
            logger.Error(new TimeoutException("no answer"), "Timeout calling {Service}", "Payments");
        }

        logger.Warning("Slow response from {Endpoint}", "/charge");
        logger.Information("Below the sink's level: {Secret}", "not sent");

        // The buffering time limit is a minute: only the flush on dispose can deliver this in time.
        await logger.DisposeAsync();

        var digest = Assert.Single(robot.Messages);
        Assert.Equal("markdown", digest.MsgType);
        Assert.Equal("\U0001F195 2 new \u00B7 OrderService", digest.Title);
        Assert.Contains("Timeout calling", digest.Text);
        Assert.Contains("Slow response from", digest.Text);
        Assert.DoesNotContain("Below the sink", digest.Text);
        Assert.Equal(["13800000000"], digest.AtMobiles);
        Assert.Equal(["oncall01"], digest.AtUserIds);
        Assert.Empty(digest.MentionsMissingFromText);
        Assert.Equal(4, DigestText.EventCount(digest));
        Assert.All(robot.Requests, request => Assert.True(request.Signed));
    }

    [Fact]
    public async Task Warnings_alone_mention_no_one()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var logger = new LoggerConfiguration()
            .WriteTo.DingTalk(robot.WebhookUrl, atMobiles: ["13800000000"], atAll: true)
            .CreateLogger();

        logger.Warning("Disk {Disk} is {Percent}% full", "/data", 91);
        await logger.DisposeAsync();

        var digest = Assert.Single(robot.Messages);
        Assert.StartsWith("\U0001F195 1 new \u00B7 ", digest.Title);
        Assert.Empty(digest.AtMobiles);
        Assert.False(digest.IsAtAll);
        Assert.DoesNotContain("@13800000000", digest.Text);
    }

    [Fact]
    public async Task A_level_switch_decides_what_is_sent()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var levelSwitch = new LoggingLevelSwitch(LogEventLevel.Fatal);
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.DingTalk(robot.WebhookUrl, levelSwitch: levelSwitch)
            .CreateLogger();

        logger.Error("Filtered out by the switch");
        levelSwitch.MinimumLevel = LogEventLevel.Error;
        logger.Error("Let through after the switch moved");
        await logger.DisposeAsync();

        var digest = Assert.Single(robot.Messages);
        Assert.Equal(1, DigestText.EventCount(digest));
        Assert.Contains("Let through", digest.Text);
    }

    [Fact]
    public async Task CloseAndFlush_delivers_what_is_pending()
    {
        await using var robot = await RobotEmulator.StartAsync();
        Log.Logger = new LoggerConfiguration()
            .WriteTo.DingTalk(robot.WebhookUrl, bufferingTimeLimit: TimeSpan.FromMinutes(5))
            .CreateLogger();

        Log.Error("Pending when the app exits");
        await Log.CloseAndFlushAsync();

        var digest = Assert.Single(robot.Messages);
        Assert.Contains("Pending when the app exits", digest.Text);
    }

    [Fact]
    public async Task A_full_batch_goes_out_before_the_buffering_time_limit()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var logger = new LoggerConfiguration()
            .WriteTo.DingTalk(robot.WebhookUrl, batchSizeLimit: 5, bufferingTimeLimit: TimeSpan.FromMinutes(10))
            .CreateLogger();

        for (var i = 0; i < 5; i++)
        {
            logger.Error("Event {Number}", i);
        }

        var digests = await robot.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(5, DigestText.EventCount(digests[0]));
        await logger.DisposeAsync();
    }

    [Fact]
    public async Task Properties_and_the_source_context_are_shown()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var root = new LoggerConfiguration()
            .WriteTo.DingTalk(robot.WebhookUrl)
            .CreateLogger();

        root.ForContext("SourceContext", "OrderService.Payments").Error("Charge failed for {OrderId}", 10042);
        await root.DisposeAsync();

        var digest = Assert.Single(robot.Messages);
        Assert.Contains("OrderService.Payments", digest.Text);
        Assert.Contains("10042", digest.Text);
    }
}
