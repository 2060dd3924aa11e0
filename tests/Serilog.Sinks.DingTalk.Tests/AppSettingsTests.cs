using DingTalk.Testing.Shared;
using System.Text;
using DingTalk.Robot.Testing;
using Microsoft.Extensions.Configuration;
using Serilog.Debugging;

namespace Serilog.Sinks.DingTalk.Tests;

[Collection(SelfLogCollection.Name)]
public sealed class AppSettingsTests
{
    private const string Secret = "SECjson000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public async Task The_sink_is_configured_from_appsettings_json()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = Secret, Keywords = { "alert" } });
        var logger = FromJson($$"""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "LevelSwitches": { "$dingTalkSwitch": "Warning" },
            "MinimumLevel": { "Default": "Verbose" },
            "WriteTo": [
              {
                "Name": "DingTalk",
                "Args": {
                  "webhookUrl": "{{robot.WebhookUrl}}",
                  "secret": "{{Secret}}",
                  "keyword": "alert",
                  "levelSwitch": "$dingTalkSwitch",
                  "title": "FromJson",
                  "mentionLevel": "Warning",
                  "atMobiles": [ "13800000000", "+1-1234567890" ],
                  "bufferingTimeLimit": "00:00:00.200",
                  "messagesPerMinute": 10
                }
              }
            ]
          }
        }
        """);

        logger.Information("Below the switch");
        logger.Warning("Configured from JSON");

        var digests = await robot.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal("\U0001F195 1 new \u00B7 FromJson", digests[0].Title);
        Assert.Equal(["13800000000", "+1-1234567890"], digests[0].AtMobiles);
        Assert.Empty(digests[0].MentionsMissingFromText);
        Assert.Equal(1, DigestText.EventCount(digests[0]));
        await logger.DisposeAsync();
    }

    [Fact]
    public async Task The_legacy_period_and_batchPostingLimit_keys_still_work()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var logger = FromJson($$"""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "WriteTo": [ { "Name": "DingTalk", "Args": { "webhookUrl": "{{robot.WebhookUrl}}", "period": "00:00:00.200" } } ]
          }
        }
        """);

        logger.Error("Sent after the legacy period, not the 10 s default");
        var digests = await robot.WaitForMessagesAsync(1, TimeSpan.FromSeconds(5));
        Assert.Single(digests);
        await logger.DisposeAsync();
    }

    // Every TimeSpan Args key, and the option its message names.
    public static TheoryData<string, string, string> BareNumbers()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (key, option) in new[] { ("bufferingTimeLimit", "BufferingTimeLimit"), ("period", "BufferingTimeLimit"), ("retryTimeLimit", "RetryTimeLimit"), ("shutdownTimeout", "ShutdownTimeout"), ("repeatInterval", "RepeatInterval"), ("quietAfter", "QuietAfter") })
        {
            foreach (var number in new[] { "0", "1", "5", "10" })
            {
                data.Add(key, number, option);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BareNumbers))]
    public void A_TimeSpan_written_as_a_bare_number_is_refused_with_a_hint(string key, string number, string option)
    {
        var error = Assert.ThrowsAny<Exception>(() => FromJson($$"""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "WriteTo": [ { "Name": "DingTalk", "Args": { "webhookUrl": "https://oapi.dingtalk.com/robot/send?access_token=abc", "{{key}}": "{{number}}" } } ]
          }
        }
        """));

        var message = Innermost(error).Message;
        Assert.StartsWith(option + " must be between", message);
        Assert.Contains("a bare number is read as days", message);
    }

    [Fact]
    public void The_alert_memory_args_reach_the_options_and_are_checked()
    {
        var error = Assert.ThrowsAny<Exception>(() => FromJson("""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "WriteTo": [ { "Name": "DingTalk", "Args": { "webhookUrl": "https://oapi.dingtalk.com/robot/send?access_token=abc", "rememberAlerts": "true", "maxTrackedAlerts": "500", "risingFactor": "1" } } ]
          }
        }
        """));

        Assert.StartsWith("RisingFactor (how many times", Innermost(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_alert_memory_from_appsettings_every_batch_is_told_on_its_own()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var logger = FromJson($$"""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "WriteTo": [ { "Name": "DingTalk", "Args": { "webhookUrl": "{{robot.WebhookUrl}}", "rememberAlerts": "false", "bufferingTimeLimit": "00:00:00.100" } } ]
          }
        }
        """);

        logger.Error("Told on its own");
        await logger.DisposeAsync();

        Assert.StartsWith("[ERROR] ", Assert.Single(robot.Messages).Title, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_webhook_placeholder_disables_the_sink_with_one_selflog_line()
    {
        var lines = new List<string>();
        SelfLog.Enable(line => { lock (lines) { lines.Add(line); } });
        try
        {
            using var logger = FromJson("""
            {
              "Serilog": {
                "Using": [ "Serilog.Sinks.DingTalk" ],
                "WriteTo": [ { "Name": "DingTalk", "Args": { "webhookUrl": "" } } ]
              }
            }
            """);
            logger.Error("Goes nowhere, and does not throw");
        }
        finally
        {
            SelfLog.Disable();
        }

        var line = Assert.Single(lines, l => l.Contains("DingTalk", StringComparison.Ordinal));
        Assert.Contains("disabled", line);
    }

    [Theory]
    [InlineData("http://oapi.dingtalk.com/robot/send?access_token=abc", "https")]
    [InlineData("https://oapi.dingtalk.com/robot/send", "access_token")]
    [InlineData("not a url", "URL")]
    public void A_bad_webhook_is_an_error_at_configuration_time(string webhook, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(webhook).CreateLogger());
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Links_properties_and_the_time_zone_are_configured_from_appsettings_json_under_the_options_names()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var logger = FromJson($$"""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "WriteTo": [
              {
                "Name": "DingTalk",
                "Args": {
                  "webhookUrl": "{{robot.WebhookUrl}}",
                  "bufferingTimeLimit": "00:00:00.200",
                  "maxPropertiesShown": 1,
                  "includedProperties": [ "Env*", "Region" ],
                  "excludedProperties": [ "Region" ],
                  "links": { "Jaeger": "https://jaeger.example.com/trace/{TraceId}", "Orders": "https://orders.example.com/{OrderId}" },
                  "openLinksInBrowser": true,
                  "timeZone": "Asia/Shanghai"
                }
              }
            ]
          }
        }
        """);

        using (var activity = new System.Diagnostics.Activity("json").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start())
        {
            logger.ForContext("Region", "cn-east").ForContext("Environment", "prod").ForContext("EnvironmentTier", "gold")
                .Warning("Order {OrderId} is late", "SO-7");
            await logger.DisposeAsync();

            var text = (await robot.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)))[0].Text!;
            var traceId = activity.TraceId.ToHexString();
            Assert.Contains("TraceId = " + traceId, text, StringComparison.Ordinal);
            Assert.Contains("[Jaeger](dingtalk://dingtalkclient/page/link?url=" + Uri.EscapeDataString("https://jaeger.example.com/trace/" + traceId) + "&pc_slide=false)", text, StringComparison.Ordinal);
            Assert.Contains("[Orders](dingtalk://dingtalkclient/page/link?url=" + Uri.EscapeDataString("https://orders.example.com/SO-7") + "&pc_slide=false)", text, StringComparison.Ordinal);
            Assert.Single(new[] { "Environment = prod", "EnvironmentTier = gold" }, p => text.Contains(p, StringComparison.Ordinal));
            Assert.DoesNotContain("Region", text, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00$", text);
        }
    }

    private static Core.Logger FromJson(string json)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            .Build();
        return new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger();
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }
}
