using DingTalk.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the DingTalk health check: <c>services.AddHealthChecks().AddDingTalk()</c>.</summary>
public static class DingTalkHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check over every DingTalk sink and logging provider in the process: Healthy while their digests
    /// are accepted, Degraded while a robot is throttled or a digest is being retried, <paramref name="failureStatus"/>
    /// after a permanent refusal (a wrong secret, a deleted or disabled robot), with the reason.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default: <c>dingtalk</c>.</param>
    /// <param name="failureStatus">The status after a permanent refusal. Default: <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>"ready"</c>).</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddDingTalk(
        this IHealthChecksBuilder builder,
        string name = "dingtalk",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        return builder.Add(new HealthCheckRegistration(name, _ => new DingTalkHealthCheck(), failureStatus, tags));
    }
}
