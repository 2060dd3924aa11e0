using System.Globalization;
using System.Text;
using DingTalk.Robot.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DingTalk.Extensions.Diagnostics.HealthChecks;

/// <summary>
/// Reports how the digests of every DingTalk sink and logging provider in the process fare, as their last attempt left
/// them: Healthy while digests are accepted, Degraded while a robot is throttled or a digest is retried, and the
/// registration's failure status (Unhealthy by default) after a permanent refusal such as a wrong secret or a deleted
/// robot. The description says why, per robot; it never holds the webhook, the token or the secret.
/// </summary>
internal sealed class DingTalkHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(Check(RobotHealthRegistry.Snapshot(), context.Registration?.FailureStatus ?? HealthStatus.Unhealthy));

    internal static HealthCheckResult Check(IReadOnlyList<RobotHealth.Snapshot> robots, HealthStatus failureStatus)
    {
        if (robots.Count == 0)
        {
            return HealthCheckResult.Healthy("No DingTalk sink or provider is sending (none is configured, or its webhook is empty).");
        }

        var worst = RobotHealthState.Healthy;
        var description = new StringBuilder();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var robot in robots)
        {
            worst = robot.State > worst ? robot.State : worst;
            if (description.Length > 0)
            {
                description.Append("; ");
            }

            var since = robot.Since.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            description.Append(robot.Robot).Append(": ").Append(Word(robot.State)).Append(", ").Append(robot.Reason)
                .Append(" (since ").Append(since).Append(')');
            data[robot.Robot] = Word(robot.State) + ": " + robot.Reason;
        }

        var status = worst switch
        {
            RobotHealthState.Healthy => HealthStatus.Healthy,
            RobotHealthState.Degraded => HealthStatus.Degraded,
            _ => failureStatus,
        };
        return new HealthCheckResult(status, description.ToString(), exception: null, data);
    }

    private static string Word(RobotHealthState state) => state switch
    {
        RobotHealthState.Healthy => "delivering",
        RobotHealthState.Degraded => "delayed",
        _ => "refused",
    };
}
