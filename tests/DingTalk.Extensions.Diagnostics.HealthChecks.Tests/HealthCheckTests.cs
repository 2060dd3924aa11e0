using DingTalk.Robot;
using DingTalk.Robot.Diagnostics;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DingTalk.Extensions.Diagnostics.HealthChecks.Tests;

/// <summary>
/// Healthy while digests are accepted, Degraded while throttled or retrying, Unhealthy after a permanent refusal, with
/// the reason and never a secret: the engine's real sender against the emulator, one robot per test (by its name).
/// </summary>
public sealed class HealthCheckTests
{
    private const string Secret = "SEChealth00000000000000000000000000000000000000000000000000000";

    [Fact]
    public async Task Each_outcome_of_the_last_attempt_gives_its_health_with_the_reason_and_no_secret()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = Secret });
        using var sender = Sender(robot, "health-outcomes");
        Assert.Equal(HealthStatus.Healthy, Check("health-outcomes").Status);

        await sender.SendAsync(new MarkdownMessage("t", "accepted"), CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, Check("health-outcomes").Status);

        robot.InjectFault(RobotFault.HttpStatus(503));
        await sender.SendAsync(new MarkdownMessage("t", "retried"), CancellationToken.None);
        var retrying = Check("health-outcomes");
        Assert.Equal(HealthStatus.Degraded, retrying.Status);
        Assert.Contains("retrying", retrying.Description, StringComparison.Ordinal);

        robot.InjectFault(RobotFault.ErrCode(310000, "sign not match"));
        await sender.SendAsync(new MarkdownMessage("t", "refused"), CancellationToken.None);
        var refused = Check("health-outcomes");
        Assert.Equal(HealthStatus.Unhealthy, refused.Status);
        Assert.Contains("health-outcomes: refused", refused.Description, StringComparison.Ordinal);
        Assert.Contains("the secret does not match", refused.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refused.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Token(robot), refused.Description + string.Join(",", refused.Data.Values), StringComparison.Ordinal);

        // Last: a throttle holds every later send for the penalty.
        robot.InjectFault(RobotFault.ErrCode(130101, "send too fast"));
        await sender.SendAsync(new MarkdownMessage("t", "throttled"), CancellationToken.None);
        Assert.Equal(HealthStatus.Degraded, Check("health-outcomes").Status);
        Assert.Contains("throttled", Check("health-outcomes").Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_robot_leaves_the_report_when_its_engine_is_disposed()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var sender = Sender(robot, "health-disposed");
        Assert.Contains(RobotHealthRegistry.Snapshot(), r => r.Robot == "health-disposed");
        sender.Dispose();
        Assert.DoesNotContain(RobotHealthRegistry.Snapshot(), r => r.Robot == "health-disposed");
    }

    [Fact]
    public async Task AddDingTalk_registers_the_check_in_one_line()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthChecks().AddDingTalk();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.True(report.Entries.ContainsKey("dingtalk"));
    }

    private static RobotDigestSender Sender(RobotEmulator robot, string name)
        => new(new DingTalkRobotClient(
            new DingTalkRobotOptions { WebhookUrl = robot.WebhookUrl, Secret = robot.Options.Secret, Name = name, MessagesPerMinute = 1000 },
            handler: null,
            timeProvider: null));

    private static HealthCheckResult Check(string name)
        => DingTalkHealthCheck.Check(RobotHealthRegistry.Snapshot().Where(r => r.Robot == name).ToList(), HealthStatus.Unhealthy);

    private static string Token(RobotEmulator robot) => robot.WebhookUrl.Split("access_token=")[1];
}
