using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging.Tests.Reliability;

/// <summary>
/// Reloads of <c>Logging:DingTalk</c> at run time lose nothing: an invalid value keeps the last valid robot working
/// and is said once per distinct error; an empty webhook disables the provider, and the events logged meanwhile are
/// counted when it is enabled again.
/// </summary>
public sealed class MelReloadKeepsDeliveringTests
{
    private const string Secret = "SECreload000000000000000000000000000000000000000000000000000000";

    [Fact]
    public async Task A_reload_to_an_invalid_value_keeps_the_last_valid_robot_working_and_says_so_once()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = Secret });
        var diagnostics = new DiagnosticsCapture();
        using var host = TestHost.Build(Settings(robot.WebhookUrl), logging => logging.AddProvider(diagnostics));
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App");
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        // The file watcher raises one edit twice; a second, different mistake is a distinct error.
        configuration["Logging:DingTalk:BufferingTimeLimit"] = "5";
        configuration.Reload();
        configuration.Reload();
        logger.LogError("Logged after the bad edit {N}", 1);
        configuration["Logging:DingTalk:BatchSizeLimit"] = "many";
        configuration.Reload();
        configuration.Reload();
        logger.LogError("Logged after the second bad edit {N}", 2);
        await host.StopAsync();

        Assert.Equal(2, Ledger.Events(robot.Messages));
        Assert.Contains(robot.Messages, m => m.Text!.Contains("Logged after the second bad edit", StringComparison.Ordinal));
        var invalid = diagnostics.Lines.Where(l => l.Contains("invalid", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, invalid.Count);
        Assert.Contains("BufferingTimeLimit", invalid[0], StringComparison.Ordinal);
        Assert.Contains("keeps sending to the robot configured before", invalid[0], StringComparison.Ordinal);
        Assert.Contains("Logging:DingTalk:BatchSizeLimit", invalid[1], StringComparison.Ordinal);
        SecretScan.AssertClean(diagnostics.Lines, robot.WebhookUrl.Split("access_token=")[1], Secret);
    }

    [Fact]
    public async Task A_reload_to_an_empty_webhook_counts_what_it_drops_and_says_so_when_enabled_again()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = Secret });
        var diagnostics = new DiagnosticsCapture();
        using var host = TestHost.Build(Settings(robot.WebhookUrl), logging => logging.AddProvider(diagnostics));
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App");
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        DisableAndLogThree(configuration, logger);

        configuration["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl;
        configuration.Reload();
        logger.LogError("Logged after enabling again {N}", 4);
        await host.StopAsync();

        var digests = robot.Messages;
        Assert.True(Ledger.Accounted(digests) == 4, Ledger.Describe(digests));
        Assert.Equal(3, Ledger.Undelivered(digests));
        Assert.Contains(digests, d => d.Text!.Contains("logged while the provider was disabled", StringComparison.Ordinal));
        await Poll.UntilAsync(() => diagnostics.Lines.Any(l => l.Contains("enabled again; 3 events", StringComparison.Ordinal)), "the provider says what it dropped");
    }

    [Fact]
    public async Task A_stop_right_after_a_reload_waits_for_the_replaced_engine_to_deliver_what_it_held()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = Secret });
        using var host = TestHost.Build(Settings(robot.WebhookUrl));
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("App");
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        DisableAndLogThree(configuration, logger);

        // Enabled, then replaced at once (the file watcher raises one edit twice): the first new engine holds the count
        // of what was dropped, and hands it over in the background while the host stops.
        configuration["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl;
        configuration.Reload();
        robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(1)));
        configuration["Logging:DingTalk:Title"] = "Orders";
        configuration.Reload();
        logger.LogError("Logged after enabling again {N}", 4);
        await host.StopAsync();

        Assert.True(Ledger.Accounted(robot.Messages) == 4, Ledger.Describe(robot.Messages));
        Assert.Equal(3, Ledger.Undelivered(robot.Messages));
    }

    // A reload to an empty webhook disables the provider; three errors are logged meanwhile (dropped and counted).
    private static void DisableAndLogThree(IConfigurationRoot configuration, ILogger logger)
    {
        configuration["Logging:DingTalk:WebhookUrl"] = "";
        configuration.Reload();
        for (var i = 0; i < 3; i++)
        {
            logger.LogError("Logged while disabled {N}", i);
        }
    }

    private static Dictionary<string, string?> Settings(string webhook) => new()
    {
        ["Logging:DingTalk:WebhookUrl"] = webhook,
        ["Logging:DingTalk:Secret"] = Secret,
        ["Logging:DingTalk:MessagesPerMinute"] = "1000",
        ["Logging:DingTalk:BufferingTimeLimit"] = "00:05:00",
    };
}
