using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging.Tests;

public sealed class ProviderEndToEndTests
{
    private const string Secret = "SECmel0000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public async Task Errors_arrive_as_a_digest_with_event_ids_scopes_and_mentions()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = Secret, Keywords = { "alert" } });
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl,
            ["Logging:DingTalk:Secret"] = Secret,
            ["Logging:DingTalk:Keywords:0"] = "alert",
            ["Logging:DingTalk:Title"] = "Checkout",
            ["Logging:DingTalk:AtUserIds:0"] = "oncall01",
            ["Logging:DingTalk:BufferingTimeLimit"] = "00:05:00",
        });
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILogger<ProviderEndToEndTests>>();

        using (logger.BeginScope("Order {OrderId}", 10042))
        {
            logger.LogError(new EventId(1001, "ChargeFailed"), new InvalidOperationException("card declined"), "Charge failed for {Customer}", "alice");
        }

        logger.LogWarning("Slow query took {Ms} ms", 2500);
        logger.LogInformation("Below the default Warning level");
        await host.StopAsync();

        Assert.True(robot.Messages.Count == 1, "requests: " + string.Join("; ", robot.Requests));
        var digest = robot.Messages[0];
        Assert.Equal("\U0001F195 2 new \u00B7 Checkout", digest.Title);
        Assert.Contains("Charge failed for", digest.Text);
        Assert.Contains("1001", digest.Text);
        Assert.Contains("ChargeFailed", digest.Text);
        Assert.Contains("10042", digest.Text);
        Assert.Contains("card declined", digest.Text);
        Assert.DoesNotContain("Below the default", digest.Text);
        Assert.Equal(["oncall01"], digest.AtUserIds);
        Assert.Empty(digest.MentionsMissingFromText);
        Assert.Equal(2, DigestText.EventCount(digest));
    }

    [Fact]
    public async Task Filters_from_configuration_are_honoured()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl,
            ["Logging:DingTalk:LogLevel:Default"] = "Error",
            ["Logging:DingTalk:LogLevel:Noisy"] = "Critical",
        });
        await host.StartAsync();
        var factory = host.Services.GetRequiredService<ILoggerFactory>();

        factory.CreateLogger("App").LogWarning("Below this provider's Error filter");
        factory.CreateLogger("App").LogError("Sent");
        factory.CreateLogger("Noisy.Component").LogError("Below the Noisy category's Critical filter");
        await host.StopAsync();

        var digest = Assert.Single(robot.Messages);
        Assert.Equal(1, DigestText.EventCount(digest));
        Assert.Contains("Sent", digest.Text);
    }

    [Fact]
    public async Task Without_a_DingTalk_filter_the_default_is_Warning_even_when_the_app_logs_Trace()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl,
        });
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App");

        logger.LogInformation("Not sent");
        logger.LogWarning("Sent");
        await host.StopAsync();

        var digest = Assert.Single(robot.Messages);
        Assert.Equal(1, DigestText.EventCount(digest));
    }

    [Fact]
    public async Task HttpClient_categories_and_the_providers_own_are_never_sent()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var host = TestHost.Build(new Dictionary<string, string?> { ["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl });
        await host.StartAsync();
        var factory = host.Services.GetRequiredService<ILoggerFactory>();

        factory.CreateLogger("System.Net.Http.HttpClient.Default.LogicalHandler").LogError("Start processing HTTP request POST https://oapi.dingtalk.com/robot/send?access_token=leak");
        factory.CreateLogger("DingTalk.Extensions.Logging.DingTalkLoggerProvider").LogError("Our own diagnostic");
        factory.CreateLogger("App").LogError("The one that is sent");
        await host.StopAsync();

        var digest = Assert.Single(robot.Messages);
        Assert.Equal(1, DigestText.EventCount(digest));
        Assert.DoesNotContain("leak", digest.Text);
    }

    [Fact]
    public async Task A_throwing_formatter_or_state_never_reaches_the_app()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var host = TestHost.Build(new Dictionary<string, string?> { ["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl });
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App");

        logger.Log(LogLevel.Error, default, "state", null, (_, _) => throw new FormatException("formatter bug"));
        logger.LogError("Value {Value}", new Hostile.ThrowingToString());
        using (logger.BeginScope(new Hostile.ThrowingToString()))
        {
            logger.LogError("Inside a scope that cannot be printed");
        }

        await host.StopAsync();

        var digest = Assert.Single(robot.Messages);
        Assert.Equal(3, DigestText.EventCount(digest));
    }

    [Fact]
    public async Task An_empty_webhook_keeps_the_app_running_and_says_so_once()
    {
        var capture = new CapturingLoggerProvider();
        using var host = TestHost.Build(new Dictionary<string, string?> { ["Logging:DingTalk:WebhookUrl"] = "" }, capture: capture);
        await host.StartAsync();
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").LogError("Goes nowhere");

        await Poll.UntilAsync(() => capture.Entries.Any(e => e.Message.Contains("WebhookUrl", StringComparison.Ordinal)), "the provider says it is disabled");
        var line = capture.Entries.First(e => e.Message.Contains("WebhookUrl", StringComparison.Ordinal)).Message;
        Assert.Contains("disabled", line);
        await host.StopAsync();
        Assert.Single(capture.Entries, e => e.Message.Contains("disabled", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_webhook_fails_the_start_with_a_clear_message()
    {
        var error = Assert.ThrowsAny<ArgumentException>(
            () => TestHost.Build(new Dictionary<string, string?> { ["Logging:DingTalk:WebhookUrl"] = "http://example.com/robot/send?access_token=abc" }));
        Assert.Contains("https", error.Message);
        Assert.DoesNotContain("abc", error.Message);
    }

    [Fact]
    public async Task Changing_the_webhook_in_configuration_switches_robots_without_a_restart()
    {
        await using var first = await RobotEmulator.StartAsync();
        await using var second = await RobotEmulator.StartAsync();
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = first.WebhookUrl,
            ["Logging:DingTalk:BufferingTimeLimit"] = "00:00:00.100",
        });
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App");

        logger.LogError("To the first robot");
        await first.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));

        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["Logging:DingTalk:WebhookUrl"] = second.WebhookUrl;
        configuration.Reload();

        logger.LogError("To the second robot");
        var digests = await second.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Contains("To the second robot", digests[0].Text);
        await host.StopAsync();
        Assert.DoesNotContain(first.Messages, m => m.Text!.Contains("To the second robot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reload_for_the_same_robot_keeps_the_alert_memory_so_known_groups_are_not_new_again()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl,
            ["Logging:DingTalk:Title"] = "Checkout",
            ["Logging:DingTalk:BufferingTimeLimit"] = "00:00:00.100",
        });
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App");
        logger.LogError("Database {Name} unreachable", "orders");
        await robot.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));

        // The loop takes the flush after its attempt is over: the first digest's answer is in, and remembered.
        await host.Services.GetServices<ILoggerProvider>().OfType<DingTalkLoggerProvider>().Single().FlushAsync(CancellationToken.None);
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["Logging:DingTalk:Title"] = "Checkout v2";
        configuration.Reload();
        logger.LogError("Database {Name} unreachable", "orders");
        await host.StopAsync();

        var digests = robot.Messages;
        Assert.True(digests.Count == 2, string.Join("\n=====\n", digests.Select(d => d.Title + "\n" + d.Text)));
        Assert.StartsWith("\U0001F195 1 new", digests[0].Title, StringComparison.Ordinal);
        Assert.Equal("\u21BB 1 ongoing \u00B7 Checkout v2", digests[1].Title);
        Assert.Empty(digests[1].AtMobiles);
        Assert.Equal(2, Ledger.Accounted(digests));
    }

    [Fact]
    public async Task The_alert_memory_options_bind_from_Logging_DingTalk()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl,
            ["Logging:DingTalk:RememberAlerts"] = "false",
            ["Logging:DingTalk:RepeatInterval"] = "00:30:00",
            ["Logging:DingTalk:QuietAfter"] = "00:02:00",
            ["Logging:DingTalk:RisingFactor"] = "3.5",
            ["Logging:DingTalk:MaxTrackedAlerts"] = "500",
        });
        await host.StartAsync();
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<DingTalkLoggerOptions>>().CurrentValue;

        Assert.False(options.RememberAlerts);
        Assert.Equal(TimeSpan.FromMinutes(30), options.RepeatInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), options.QuietAfter);
        Assert.Equal(3.5, options.RisingFactor);
        Assert.Equal(500, options.MaxTrackedAlerts);

        // Without memory every batch is told on its own, in the words of a digest without a story.
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App").LogError("Told on its own");
        await host.StopAsync();
        Assert.StartsWith("[ERROR] ", Assert.Single(robot.Messages).Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_burst_from_eight_threads_is_counted_exactly()
    {
        await using var robot = await RobotEmulator.StartAsync();
        using var host = TestHost.Build(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl,
            ["Logging:DingTalk:QueueLimit"] = "5000",
            ["Logging:DingTalk:BufferingTimeLimit"] = "00:00:00.200",
        });
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Burst");

        const int threads = 8, callsPerThread = 10_000 / threads;
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < callsPerThread; i++)
            {
                logger.LogError("Burst call {Thread} {Index}", t, i);
            }
        })));
        await host.StopAsync();

        var accounted = robot.Messages.Sum(m => DigestText.EventCount(m) + DigestText.DroppedCount(m));
        Assert.Equal(threads * callsPerThread, accounted);
    }
}
