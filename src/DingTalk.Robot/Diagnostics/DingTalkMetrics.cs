using System.Diagnostics.Metrics;
using System.Reflection;

namespace DingTalk.Robot.Diagnostics;

/// <summary>
/// The library's metrics, under the meter <c>DingTalk.Robot</c>, named and measured as OpenTelemetry's semantic
/// conventions ask (durations in seconds, as histograms; namespaced attribute names). Tags never carry a URL, a token
/// or message text: only low-cardinality values, the robot's configured name (or a short hash of its access token)
/// and the outcome.
/// </summary>
internal static class DingTalkMetrics
{
    /// <summary>The name of the meter (what to subscribe to, e.g. with <c>AddMeter("DingTalk.Robot")</c>).</summary>
    public const string MeterName = "DingTalk.Robot";

    /// <summary>The tag that says how a request or send ended: ok, transient, throttled or permanent.</summary>
    public const string OutcomeTag = "dingtalk.outcome";

    /// <summary>The tag that tells robots (and so sinks and providers) apart: <see cref="DingTalkRobotOptions.Name"/>, or <c>webhook-</c> and a short hash of the access token.</summary>
    public const string RobotTag = "dingtalk.robot";

    // Seconds, from a fast local answer to a send that waited for the budget and retried for a minute.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    /// <summary>The library's meter.</summary>
    public static readonly Meter Meter = new(MeterName, GetVersion());

    /// <summary>HTTP requests made to DingTalk, tagged with their <see cref="OutcomeTag"/>.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "dingtalk.robot.requests",
        unit: "{request}",
        description: "HTTP requests made to DingTalk robot webhooks, by outcome.");

    /// <summary>How long one <c>SendAsync</c> took, waits for the budget and retries included, in seconds.</summary>
    public static readonly Histogram<double> SendDuration = CreateDurationHistogram(
        "dingtalk.robot.send.duration",
        "Duration of one send to a DingTalk robot, including waiting for the rate limit and retries.");

    // The two event counters below are added to by each robot's digest loop, once per round, with the robot's tag: the
    // loop is their only writer (a logging call touches no instrument: an Add per call would cost the application's
    // thread more than the enqueue once a listener is attached), and a plain tagged Add needs no registry of robots
    // that reloads would have to keep monotonic.

    /// <summary>Log events accepted into a robot's digest queue, counted as its loop takes them from it, tagged with the <see cref="RobotTag"/>.</summary>
    public static readonly Counter<long> DigestEventsEnqueued = Meter.CreateCounter<long>(
        "dingtalk.digest.events.enqueued",
        unit: "{event}",
        description: "Log events accepted by the DingTalk digest engine.");

    /// <summary>Log events a robot's digest queue refused (full, or the engine shutting down), tagged with the <see cref="RobotTag"/>.</summary>
    public static readonly Counter<long> DigestEventsDropped = Meter.CreateCounter<long>(
        "dingtalk.digest.events.dropped",
        unit: "{event}",
        description: "Log events dropped by the DingTalk digest engine.");

    /// <summary>Digests delivered, tagged with their <see cref="RobotTag"/>.</summary>
    public static readonly Counter<long> DigestSent = Meter.CreateCounter<long>(
        "dingtalk.digest.sent",
        unit: "{digest}",
        description: "Digests delivered to DingTalk.");

    /// <summary>Attempts to deliver a digest that failed (transient or permanent; not a throttle), tagged with their <see cref="RobotTag"/>.</summary>
    public static readonly Counter<long> DigestFailed = Meter.CreateCounter<long>(
        "dingtalk.digest.failed",
        unit: "{digest}",
        description: "Digests that could not be delivered to DingTalk.");

    /// <summary>The <see cref="RobotTag"/> of the robot named <paramref name="robotName"/> (see <see cref="RobotName"/>).</summary>
    public static KeyValuePair<string, object?> RobotTagOf(string robotName) => new(RobotTag, robotName);

    /// <summary>Adds events a robot's digest loop took from its queue; on the loop only.</summary>
    public static void AddEventsEnqueued(long count, KeyValuePair<string, object?> robot)
    {
        if (count > 0)
        {
            DigestEventsEnqueued.Add(count, robot);
        }
    }

    /// <summary>Adds events a robot's digest queue refused; on the loop only.</summary>
    public static void AddEventsDropped(long count, KeyValuePair<string, object?> robot)
    {
        if (count > 0)
        {
            DigestEventsDropped.Add(count, robot);
        }
    }

    /// <summary>The <see cref="OutcomeTag"/> value for <paramref name="kind"/>.</summary>
    public static string OutcomeOf(DingTalkFailureKind kind) => kind switch
    {
        DingTalkFailureKind.None => "ok",
        DingTalkFailureKind.Transient => "transient",
        DingTalkFailureKind.Throttled => "throttled",
        _ => "permanent",
    };

    /// <summary>
    /// The <see cref="RobotTag"/> value: the configured name, or <c>webhook-</c> and the first 8 hex digits of the
    /// SHA-256 of the access token (a one-way digest of 256 bits of token: it tells robots apart, and gives nothing away).
    /// </summary>
    public static string RobotName(string? configuredName, string accessToken)
    {
        if (!string.IsNullOrWhiteSpace(configuredName))
        {
            return configuredName!.Trim();
        }

        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(accessToken));
        var name = new System.Text.StringBuilder("webhook-", 16);
        for (var i = 0; i < 4; i++)
        {
            name.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return name.ToString();
    }

    private static Histogram<double> CreateDurationHistogram(string name, string description)
    {
#if NET9_0_OR_GREATER
        // The exporter's default buckets are meant for milliseconds; these fit seconds.
        return Meter.CreateHistogram<double>(name, unit: "s", description: description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
#else
        _ = DurationBuckets;
        return Meter.CreateHistogram<double>(name, unit: "s", description: description);
#endif
    }

    private static string? GetVersion()
        => typeof(DingTalkMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
