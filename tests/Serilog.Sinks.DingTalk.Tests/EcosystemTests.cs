using System.Text;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using Microsoft.Extensions.Configuration;

namespace Serilog.Sinks.DingTalk.Tests;

/// <summary>
/// What users of today's Serilog packages meet: the README's level-switch JSON without a SelfLog warning, keywords as a
/// list, diagnostics in the flat overload's own names, and the sink behind Serilog.Sinks.Async. Run against the floor
/// (this project) and the current line (Serilog.Sinks.DingTalk.CurrentSerilog.Tests compiles the same files).
/// </summary>
[Collection(SelfLogCollection.Name)]
public sealed class EcosystemTests
{
    [Fact]
    public async Task The_READMEs_level_switch_json_makes_no_SelfLog_warning_and_the_switch_decides()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var selfLog = SelfLogCapture.Start();
        var logger = FromJson($$"""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "LevelSwitches": { "$dingTalk": "Information" },
            "MinimumLevel": { "Default": "Verbose" },
            "WriteTo": [ { "Name": "DingTalk", "Args": { "webhookUrl": "{{robot.WebhookUrl}}", "levelSwitch": "$dingTalk", "bufferingTimeLimit": "00:05:00" } } ]
          }
        }
        """);

        logger.Debug("Below the switch");
        logger.Information("At the switch, below the default Warning");
        await logger.DisposeAsync();

        Assert.DoesNotContain(selfLog.Lines, l => l.Contains("level switch", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, DigestText.EventCount(Assert.Single(robot.Messages)));
    }

    [Fact]
    public async Task Without_a_switch_the_default_level_is_still_Warning()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.DingTalk(robot.WebhookUrl, bufferingTimeLimit: TimeSpan.FromMinutes(5)).CreateLogger();
        logger.Information("Below Warning");
        logger.Warning("Sent");
        await logger.DisposeAsync();

        Assert.Equal(1, DigestText.EventCount(Assert.Single(robot.Messages)));
    }

    [Fact]
    public async Task Keywords_as_a_list_in_Args_are_the_robots_keywords()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Keywords = { "ops" } });
        var logger = FromJson($$"""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "WriteTo": [ { "Name": "DingTalk", "Args": { "webhookUrl": "{{robot.WebhookUrl}}", "keywords": [ "ops", "alert" ], "bufferingTimeLimit": "00:05:00" } } ]
          }
        }
        """);

        logger.Error("Accepted because it holds a keyword");
        await logger.DisposeAsync();

        Assert.Contains("ops", Assert.Single(robot.Messages).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyword_and_keywords_together_are_refused_naming_both()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration()
            .WriteTo.DingTalk("https://oapi.dingtalk.com/robot/send?access_token=abc", keyword: "a", keywords: ["b"]));
        Assert.Contains("keyword and keywords", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_keyword_is_reported_with_the_flat_overloads_own_setting_name()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Keywords = { "ops" } });
        using var selfLog = SelfLogCapture.Start();
        var logger = new LoggerConfiguration().WriteTo.DingTalk(robot.WebhookUrl, bufferingTimeLimit: TimeSpan.FromMinutes(5)).CreateLogger();
        logger.Error("Refused: no keyword");
        await logger.DisposeAsync();

        Assert.Contains(selfLog.Lines, l => l.Contains("set keyword (or keywords) to the robot's keywords", StringComparison.Ordinal));
        Assert.DoesNotContain(selfLog.Lines, l => l.Contains("set Keywords", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Behind_Serilog_Sinks_Async_the_sink_delivers_at_CloseAndFlush()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var logger = new LoggerConfiguration()
            .WriteTo.Async(a => a.DingTalk(robot.WebhookUrl, bufferingTimeLimit: TimeSpan.FromMinutes(5)))
            .CreateLogger();
        logger.Error("Through the async wrapper {N}", 1);
        logger.Error("Through the async wrapper {N}", 2);
        await logger.DisposeAsync();

        Assert.Equal(2, DigestText.EventCount(Assert.Single(robot.Messages)));
    }

    private static Core.Logger FromJson(string json)
        => new LoggerConfiguration()
            .ReadFrom.Configuration(new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build())
            .CreateLogger();
}
