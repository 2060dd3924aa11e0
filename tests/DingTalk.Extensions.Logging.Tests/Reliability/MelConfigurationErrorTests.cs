using System.Text;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DingTalk.Robot.Digest;

namespace DingTalk.Extensions.Logging.Tests.Reliability;

/// <summary>
/// Every invalid <c>Logging:DingTalk</c> option stops the host from starting, with a message that names the option
/// and what to write instead (never the token or the secret); an empty webhook only disables the provider, saying so
/// once; a bad value arriving by a configuration reload does not take the app down but is reported.
/// </summary>
public sealed class MelConfigurationErrorTests
{
    private const string Token = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string Webhook = "https://oapi.dingtalk.com/robot/send?access_token=" + Token;
    private const string Secret = "SECfedcba9876543210fedcba9876543210";

    public static TheoryData<string, string, string[]> BadSettings => new()
    {
        { "WebhookUrl", "http://oapi.dingtalk.com/robot/send?access_token=" + Token, ["WebhookUrl", "https"] },
        { "WebhookUrl", "https://oapi.dingtalk.com/robot/send", ["WebhookUrl", "access_token"] },
        { "WebhookUrl", Webhook + "&timestamp=1700000000000&sign=abc", ["WebhookUrl", "'timestamp'", "Secret"] },
        { "Secret", "SEC0123 4567", ["Secret", "whitespace"] },
        { "BufferingTimeLimit", "5", ["BufferingTimeLimit", "days", "00:00:10"] },
        { "RetryTimeLimit", "5", ["RetryTimeLimit", "days"] },
        { "ShutdownTimeout", "5", ["ShutdownTimeout", "days"] },

        // A bare number is read as days: "1" is one day and "0" is zero, and every TimeSpan's range excludes both.
        { "BufferingTimeLimit", "1", ["BufferingTimeLimit", "got 1.00:00:00", "days"] },
        { "BufferingTimeLimit", "0", ["BufferingTimeLimit", "got 00:00:00", "days"] },
        { "RetryTimeLimit", "1", ["RetryTimeLimit", "got 1.00:00:00", "days"] },
        { "RetryTimeLimit", "0", ["RetryTimeLimit", "got 00:00:00", "days"] },
        { "ShutdownTimeout", "1", ["ShutdownTimeout", "got 1.00:00:00", "days"] },
        { "ShutdownTimeout", "0", ["ShutdownTimeout", "got 00:00:00", "days"] },
        { "MessagesPerMinute", "1000", ["MessagesPerMinute", "at most 20", "throttles"] },
        { "BatchSizeLimit", "0", ["BatchSizeLimit", "greater than zero"] },
        { "BatchSizeLimit", "-3", ["BatchSizeLimit", "greater than zero"] },
        { "QueueLimit", "0", ["QueueLimit", "greater than zero"] },
        { "MessagesPerMinute", "0", ["MessagesPerMinute", "20"] },
        { "MaxEventsShown", "0", ["MaxEventsShown"] },
        { "AtMobiles:0", "138 0000 0000", ["AtMobiles"] },
        { "TimeZone", "Mars/Olympus_Mons", ["TimeZone", "Mars/Olympus_Mons", "Asia/Shanghai"] },
        { "MaxPropertiesShown", "51", ["MaxPropertiesShown", "between 0 and 50"] },
        { "ExcludedProperties:0", " ", ["ExcludedProperties"] },
        { "Links:Jaeger", "jaeger/{TraceId}", ["Links:Jaeger", "absolute http or https"] },
        { "MentionLevel", "Loud", ["MentionLevel", "Loud"] },
        { "BatchSizeLimit", "many", ["BatchSizeLimit", "many"] },
        { "BufferingTimeLimit", "soon", ["BufferingTimeLimit", "soon"] },

        // Fleet mode without its package (this test project does not reference DingTalk.Robot.Redis).
        { "Fleet:Redis", "127.0.0.1:6379,password=mel-fleet-pw", ["Fleet.Redis is set", "dotnet add package DingTalk.Robot.Redis"] },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_Logging_DingTalk_value_stops_the_start_with_a_message_naming_the_option(string key, string value, string[] expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = Webhook,
            ["Logging:DingTalk:Secret"] = Secret,
            ["Logging:DingTalk:" + key] = value,
        };

        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var host = TestHost.Build(settings);
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").LogError("never sent");
        });

        var message = Messages(error);
        foreach (var fragment in expected)
        {
            Assert.Contains(fragment, message, StringComparison.Ordinal);
        }

        SecretScan.AssertClean([error.ToString()], Token, Secret);
        Assert.DoesNotContain("mel-fleet-pw", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Trace", DigestLevel.Verbose)]
    [InlineData("Verbose", DigestLevel.Verbose)]
    [InlineData("Information", DigestLevel.Information)]
    [InlineData("Critical", DigestLevel.Fatal)]
    [InlineData("Fatal", DigestLevel.Fatal)]
    [InlineData("warning", DigestLevel.Warning)]
    public void MentionLevel_takes_the_level_names_of_both_libraries(string level, DigestLevel expected)
    {
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = Webhook,
            ["Logging:DingTalk:MentionLevel"] = level,
        });

        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").LogWarning("accepted");

        Assert.Equal(expected, host.Services.GetRequiredService<IOptionsMonitor<DingTalkLoggerOptions>>().CurrentValue.MentionLevel);
    }

    [Fact]
    public async Task An_unknown_key_is_reported_once_with_the_closest_option_and_the_host_still_starts()
    {
        var diagnostics = new DiagnosticsCapture();
        using var host = TestHost.Build(
            new Dictionary<string, string?>
            {
                ["Logging:DingTalk:WebhookUrl"] = Webhook,
                ["Logging:DingTalk:Secret"] = Secret,
                ["Logging:DingTalk:Keyword"] = "alert",
                ["Logging:DingTalk:BufferingTimeLimt"] = "00:00:01",
                ["Logging:DingTalk:Colour"] = "red",
                ["Logging:DingTalk:keywords:0"] = "alert",
                ["Logging:DingTalk:LogLevel:Default"] = "Error",
            },
            logging => logging.AddProvider(diagnostics));
        await host.StartAsync();
        var configuration = (Microsoft.Extensions.Configuration.IConfigurationRoot)host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();

        await Poll.UntilAsync(() => diagnostics.Lines.Count >= 3, "the three unknown keys are reported");
        configuration.Reload();
        _ = host.Services.GetRequiredService<IOptionsMonitor<DingTalkLoggerOptions>>().CurrentValue;
        await host.StopAsync();

        var lines = diagnostics.Lines;
        Assert.Equal(3, lines.Count);
        Assert.Contains(lines, l => l.Contains("Logging:DingTalk:Keyword is not an option", StringComparison.Ordinal) && l.EndsWith("did you mean Keywords?", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Logging:DingTalk:BufferingTimeLimt is not an option", StringComparison.Ordinal) && l.EndsWith("did you mean BufferingTimeLimit?", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Logging:DingTalk:Colour is not an option", StringComparison.Ordinal) && l.Contains("the options are", StringComparison.Ordinal) && l.Contains("WebhookUrl", StringComparison.Ordinal));
        SecretScan.AssertClean(lines, Token, Secret);
    }

    [Fact]
    public async Task A_mistyped_fleet_key_is_reported_once_with_the_fleet_options_and_the_host_still_starts()
    {
        var diagnostics = new DiagnosticsCapture();
        using var host = TestHost.Build(
            new Dictionary<string, string?>
            {
                ["Logging:DingTalk:WebhookUrl"] = Webhook,
                ["Logging:DingTalk:Fleet:Reddis"] = "127.0.0.1:6379,password=mel-fleet-pw",
                ["Logging:DingTalk:Fleet:Name"] = "orders",
            },
            logging => logging.AddProvider(diagnostics));
        await host.StartAsync();

        await Poll.UntilAsync(() => diagnostics.Lines.Count >= 1, "the mistyped fleet key is reported");
        var options = host.Services.GetRequiredService<IOptionsMonitor<DingTalkLoggerOptions>>().CurrentValue;
        await host.StopAsync();

        var line = Assert.Single(diagnostics.Lines);
        Assert.Contains("Logging:DingTalk:Fleet:Reddis is not an option of the DingTalk logging provider and is ignored; the fleet options are Redis, Name, ExpectedReplicas, Replica, OneDigest.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("mel-fleet-pw", line, StringComparison.Ordinal);
        Assert.Equal("orders", options.Fleet.Name);
        Assert.Null(options.Fleet.Redis);
    }

    [Fact]
    public async Task A_bad_value_arriving_by_reload_keeps_the_app_running_and_is_reported()
    {
        var diagnostics = new DiagnosticsCapture();
        using var host = TestHost.Build(new Dictionary<string, string?> { ["Logging:DingTalk:WebhookUrl"] = Webhook }, logging => logging.AddProvider(diagnostics));
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App");
        var configuration = (Microsoft.Extensions.Configuration.IConfigurationRoot)host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();

        configuration["Logging:DingTalk:QueueLimit"] = "0";
        configuration.Reload();
        logger.LogError("Logging goes on");

        await Poll.UntilAsync(() => diagnostics.Lines.Any(l => l.Contains("QueueLimit", StringComparison.Ordinal)), "the reload is reported");
        Assert.Contains(diagnostics.Lines, l => l.Contains("invalid", StringComparison.Ordinal) && l.Contains("greater than zero", StringComparison.Ordinal));
        SecretScan.AssertClean(diagnostics.Lines, Token, Secret);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_webhook_disables_the_provider_with_one_diagnostic_and_no_error(string webhook)
    {
        var diagnostics = new DiagnosticsCapture();
        using var host = TestHost.Build(new Dictionary<string, string?> { ["Logging:DingTalk:WebhookUrl"] = webhook }, logging => logging.AddProvider(diagnostics));
        await host.StartAsync();
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").LogError("Goes nowhere");

        await Poll.UntilAsync(() => diagnostics.Lines.Count > 0, "the diagnostic");
        await host.StopAsync();
        var line = Assert.Single(diagnostics.Lines);
        Assert.Contains("disabled", line, StringComparison.Ordinal);
        Assert.Contains("WebhookUrl", line, StringComparison.Ordinal);
    }

    private static string Messages(Exception error)
    {
        var text = new StringBuilder();
        for (var e = error; e is not null; e = e.InnerException)
        {
            text.Append(e.Message).Append('\n');
        }

        return text.ToString();
    }
}
