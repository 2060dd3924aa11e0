using System.Reflection;
using DingTalk.Robot.Digest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DingTalk.Extensions.Logging.Tests;

/// <summary>Logging:DingTalk:Robots and Webhooks, read by our own code: every setting, and mistakes named by their full key.</summary>
public sealed class RobotsReaderTests
{
    private const string Webhook = "https://oapi.dingtalk.com/robot/send?access_token=0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string OnCall = "https://oapi.dingtalk.com/robot/send?access_token=1f1e2d3c4b5a69788796a5b4c3d2e1f0";

    [Fact]
    public void Every_setting_of_a_named_robot_is_read_from_configuration()
    {
        var settable = typeof(DingTalkRoutedRobotOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => p.Name)
            .OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(settable, RobotsReader.SettingNames);
    }

    [Fact]
    public void Robots_their_routes_and_a_groups_webhooks_are_read()
    {
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = Webhook,
            ["Logging:DingTalk:Webhooks:0:WebhookUrl"] = OnCall,
            ["Logging:DingTalk:Webhooks:0:Secret"] = "SECsecond",
            ["Logging:DingTalk:Robots:oncall:WebhookUrl"] = OnCall,
            ["Logging:DingTalk:Robots:oncall:MinimumLevel"] = "Critical",
            ["Logging:DingTalk:Robots:oncall:AtAll"] = "true",
            ["Logging:DingTalk:Robots:oncall:Sources:0"] = "Checkout",
            ["Logging:DingTalk:Robots:oncall:Properties:Team"] = "payments",
            ["Logging:DingTalk:Robots:oncall:Exclusive"] = "true",
            ["Logging:DingTalk:Robots:oncall:Webhooks:0:WebhookUrl"] = Webhook,
        });

        var options = host.Services.GetRequiredService<IOptionsMonitor<DingTalkLoggerOptions>>().CurrentValue;

        Assert.Equal(OnCall, Assert.Single(options.Webhooks).WebhookUrl);
        Assert.Equal("SECsecond", options.Webhooks[0].Secret);
        var onCall = options.Robots["oncall"];
        Assert.Equal(OnCall, onCall.WebhookUrl);
        Assert.Equal(DigestLevel.Fatal, onCall.MinimumLevel);
        Assert.True(onCall.AtAll);
        Assert.True(onCall.Exclusive);
        Assert.Equal(["Checkout"], onCall.Sources);
        Assert.Equal("payments", onCall.Properties["Team"]);
        Assert.Equal(Webhook, Assert.Single(onCall.Webhooks).WebhookUrl);
    }

    [Theory]
    [InlineData("Robots:oncall:MinimumLevel", "Fatl", "is \"Fatl\", which is no level")]
    [InlineData("Robots:oncall:MinimumLevel", "5", "is \"5\", which is no level")]
    [InlineData("Robots:oncall:AtAll", "yes", "is \"yes\", which is not true or false")]
    [InlineData("Robots:oncall:MinimumLevl", "Fatal", "is not a setting of a robot")]
    [InlineData("Robots:oncall:Sources", "Checkout", "must be a list")]
    [InlineData("Webhooks:0", Webhook, "must be a webhook's settings")]
    public void A_bad_robot_setting_stops_the_start_naming_its_full_key(string key, string value, string problem)
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var host = TestHost.Build(new Dictionary<string, string?>
            {
                ["Logging:DingTalk:WebhookUrl"] = Webhook,
                ["Logging:DingTalk:Robots:oncall:WebhookUrl"] = OnCall,
                ["Logging:DingTalk:" + key] = value,
            });
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").LogError("never sent");
        });

        Assert.Contains("Logging:DingTalk:" + key + " " + problem, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("0f1e2d3c4b5a6978", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_webhook_of_a_named_robot_is_refused_naming_the_robot()
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var host = TestHost.Build(new Dictionary<string, string?>
            {
                ["Logging:DingTalk:WebhookUrl"] = Webhook,
                ["Logging:DingTalk:Robots:oncall:WebhookUrl"] = "https://oapi.dingtalk.com/robot/send",
            });
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").LogError("never sent");
        });

        Assert.Contains("Robots:oncall: WebhookUrl", error.ToString(), StringComparison.Ordinal);
    }
}
