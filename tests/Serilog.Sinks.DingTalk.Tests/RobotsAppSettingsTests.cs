using System.Text;
using DingTalk.Robot.Testing;
using Microsoft.Extensions.Configuration;

namespace Serilog.Sinks.DingTalk.Tests;

/// <summary>
/// The <c>robots</c> and <c>webhooks</c> Args keys, bound by Serilog.Settings.Configuration on the floor (8.0.0) and
/// on the current line (10.0.1, Serilog.Sinks.DingTalk.CurrentSerilog.Tests runs these same files): 8.0 binds them
/// with the configuration binder, 9 and later with constructors and setters, which would skip a value they cannot
/// convert with a SelfLog line; every value is text, read and checked by the sink, so a bad one stops the logger.
/// </summary>
[Collection(SelfLogCollection.Name)]
public sealed class RobotsAppSettingsTests
{
    [Fact]
    public async Task Robots_and_a_groups_webhooks_are_configured_from_appsettings_json()
    {
        await using var team = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = "aaaa1111", MessagesPerMinute = 1000 });
        await using var teamTwo = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = "aaaa2222", MessagesPerMinute = 1000 });
        await using var onCall = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = "bbbb1111" });
        using (var logger = FromJson(team.WebhookUrl, teamTwo.WebhookUrl, onCall.WebhookUrl, "Fatal", "true"))
        {
            logger.Warning("Stock low");
            await team.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));

            // The group's next digest goes to its other webhook: both budgets allow, and they take turns.
            logger.ForContext(Core.Constants.SourceContextPropertyName, "Checkout.Orders").Fatal("Database unreachable");
            await teamTwo.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        }

        Assert.Contains("Stock low", team.Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("Database unreachable", teamTwo.Messages[0].Text, StringComparison.Ordinal);
        var page = Assert.Single(onCall.Messages);
        Assert.Contains("Database unreachable", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Stock low", page.Text, StringComparison.Ordinal);
        Assert.True(page.IsAtAll);
    }

    [Theory]
    [InlineData("Fatl", "true", "robots:oncall:minimumLevel is \"Fatl\", which is no level")]
    [InlineData("4", "true", "robots:oncall:minimumLevel is \"4\", which is no level")]
    [InlineData("Fatal", "yes", "robots:oncall:atAll is \"yes\", which is not true or false")]
    public void A_bad_robot_value_stops_the_logger_naming_it(string minimumLevel, string atAll, string expected)
    {
        const string Webhook = "https://oapi.dingtalk.com/robot/send?access_token=0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        var error = Assert.ThrowsAny<Exception>(() => FromJson(Webhook, Webhook, Webhook, minimumLevel, atAll));

        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    private static Core.Logger FromJson(string team, string teamTwo, string onCall, string minimumLevel, string atAll)
    {
        var json = $$"""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "MinimumLevel": { "Default": "Verbose" },
            "WriteTo": [
              {
                "Name": "DingTalk",
                "Args": {
                  "webhookUrl": "{{team}}",
                  "webhooks": [ { "webhookUrl": "{{teamTwo}}" } ],
                  "messagesPerMinute": 600,
                  "bufferingTimeLimit": "00:00:00.050",
                  "rememberAlerts": false,
                  "robots": {
                    "oncall": { "webhookUrl": "{{onCall}}", "minimumLevel": "{{minimumLevel}}", "atAll": "{{atAll}}", "sources": [ "Checkout" ] }
                  }
                }
              }
            ]
          }
        }
        """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger();
    }
}
