using System.Reflection;
using DingTalk.Robot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DingTalk.Extensions.Logging.Tests;

/// <summary>Logging:DingTalk is read by code of our own (no configuration binder): every option, and mistakes named by key.</summary>
public sealed class OptionsReaderTests
{
    private const string Webhook = "https://oapi.dingtalk.com/robot/send?access_token=0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    [Fact]
    public void Every_option_a_value_can_set_is_read_from_configuration()
    {
        var settable = typeof(DingTalkLoggerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name is not (nameof(DingTalkLoggerOptions.MessageHandler) or nameof(DingTalkLoggerOptions.TimeProvider)))
            .Select(p => p.Name)
            .OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(settable, DingTalkLoggerOptionsReader.OptionNames);
    }

    [Fact]
    public void Lists_names_numbers_flags_and_levels_are_read()
    {
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = Webhook,
            ["Logging:DingTalk:Name"] = "oncall",
            ["Logging:DingTalk:Keywords:0"] = "alert",
            ["Logging:DingTalk:Keywords:1"] = "ops",
            ["Logging:DingTalk:AtMobiles:0"] = "13800000000",
            ["Logging:DingTalk:AtAll"] = "true",
            ["Logging:DingTalk:MaxEventsShown"] = "7",
            ["Logging:DingTalk:IncludeScopes"] = "false",
            ["Logging:DingTalk:MentionLevel"] = "Critical",
            ["Logging:DingTalk:RetryTimeLimit"] = "00:02:00",
        });

        var options = host.Services.GetRequiredService<IOptionsMonitor<DingTalkLoggerOptions>>().CurrentValue;

        Assert.Equal("oncall", options.Name);
        Assert.Equal(["alert", "ops"], options.Keywords);
        Assert.Equal(["13800000000"], options.AtMobiles);
        Assert.True(options.AtAll);
        Assert.Equal(7, options.MaxEventsShown);
        Assert.False(options.IncludeScopes);
        Assert.Equal(DingTalk.Robot.Digest.DigestLevel.Fatal, options.MentionLevel);
        Assert.Equal(TimeSpan.FromMinutes(2), options.RetryTimeLimit);
    }

    [Fact]
    public void The_fleet_options_are_read_from_Logging_DingTalk_Fleet_every_one_of_them()
    {
        var settable = typeof(DingTalk.Robot.DingTalkFleetOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal);
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = Webhook,
            ["Logging:DingTalk:Fleet:Name"] = "orders",
            ["Logging:DingTalk:Fleet:ExpectedReplicas"] = "6",
            ["Logging:DingTalk:Fleet:Replica"] = "orders-7f9c",
            ["Logging:DingTalk:Fleet:OneDigest"] = "false",
        });

        var options = host.Services.GetRequiredService<IOptionsMonitor<DingTalkLoggerOptions>>().CurrentValue;

        Assert.Equal(settable, DingTalkLoggerOptionsReader.FleetOptionNames.Order(StringComparer.Ordinal));
        Assert.Equal("orders", options.Fleet.Name);
        Assert.Equal(6, options.Fleet.ExpectedReplicas);
        Assert.Equal("orders-7f9c", options.Fleet.Replica);
        Assert.False(options.Fleet.OneDigest);
    }

    [Theory]
    [InlineData("AtMobiles")]
    [InlineData("Keywords")]
    [InlineData("AtUserIds")]
    public void A_single_value_where_a_list_is_expected_stops_the_start_naming_the_key(string key)
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var host = TestHost.Build(new Dictionary<string, string?>
            {
                ["Logging:DingTalk:WebhookUrl"] = Webhook,
                ["Logging:DingTalk:" + key] = "13800000000",
            });
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").LogError("never sent");
        });

        Assert.Contains("Logging:DingTalk:" + key + " must be a list", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("[ \"13800000000\" ]", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dictionary_scope_is_shown_as_its_pairs_bounded_and_escaped()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl,
            ["Logging:DingTalk:BufferingTimeLimit"] = "00:05:00",
        });
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App");
        var many = Enumerable.Range(0, 20).ToDictionary(i => "K" + i, i => (object?)i);

        using (logger.BeginScope(new Dictionary<string, object?> { ["OrderId"] = 42, ["Customer"] = "Ada, \"A\"", ["Note"] = new string('x', 500) }))
        using (logger.BeginScope(many))
        {
            logger.LogError("Charge failed");
        }

        await host.StopAsync();

        // A structured scope's pairs are the event's properties: shown as pairs, escaped, values cut, at most
        // MaxPropertiesShown (5) of them.
        var text = Assert.Single(robot.Messages).Text!;
        Assert.DoesNotContain("System.Collections.Generic.Dictionary", text, StringComparison.Ordinal);
        Assert.Contains("OrderId = 42", text, StringComparison.Ordinal);
        Assert.Contains("Customer = Ada, ", text, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 101), text, StringComparison.Ordinal);
        Assert.Contains("K1 = 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("K2 = ", text, StringComparison.Ordinal);
    }
}
