using System.Diagnostics.Metrics;
using System.Reflection;

namespace DingTalk.Robot.Diagnostics;

/// <summary>
/// The library's metrics, under the meter <c>DingTalk.Robot</c>. Tags never carry a URL, a token or message text:
/// only low-cardinality values such as the outcome.
/// </summary>
internal static class DingTalkMetrics
{
    /// <summary>The name of the meter (what to subscribe to, e.g. with <c>AddMeter("DingTalk.Robot")</c>).</summary>
    public const string MeterName = "DingTalk.Robot";

    /// <summary>The tag that says how a request or send ended: ok, transient, throttled or permanent.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>The library's meter.</summary>
    public static readonly Meter Meter = new(MeterName, GetVersion());

    /// <summary>HTTP requests made to DingTalk, tagged with their <see cref="OutcomeTag"/>.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "dingtalk.robot.requests",
        unit: "{request}",
        description: "HTTP requests made to DingTalk robot webhooks, by outcome.");

    /// <summary>How long one <c>SendAsync</c> took, waits for the budget and retries included, in milliseconds.</summary>
    public static readonly Histogram<double> SendDuration = Meter.CreateHistogram<double>(
        "dingtalk.robot.send.duration",
        unit: "ms",
        description: "Duration of one send to a DingTalk robot, including waiting for the rate limit and retries.");

    /// <summary>Log events accepted into a digest queue.</summary>
    public static readonly Counter<long> DigestEventsEnqueued = Meter.CreateCounter<long>(
        "dingtalk.digest.events.enqueued",
        unit: "{event}",
        description: "Log events accepted by the DingTalk digest engine.");

    /// <summary>Log events dropped because the digest queue was full (or the engine was shutting down).</summary>
    public static readonly Counter<long> DigestEventsDropped = Meter.CreateCounter<long>(
        "dingtalk.digest.events.dropped",
        unit: "{event}",
        description: "Log events dropped by the DingTalk digest engine.");

    /// <summary>Digests delivered.</summary>
    public static readonly Counter<long> DigestSent = Meter.CreateCounter<long>(
        "dingtalk.digest.sent",
        unit: "{digest}",
        description: "Digests delivered to DingTalk.");

    /// <summary>Digests given up after their retry time limit or a permanent failure.</summary>
    public static readonly Counter<long> DigestFailed = Meter.CreateCounter<long>(
        "dingtalk.digest.failed",
        unit: "{digest}",
        description: "Digests that could not be delivered to DingTalk.");

    /// <summary>The <see cref="OutcomeTag"/> value for <paramref name="kind"/>.</summary>
    public static string OutcomeOf(DingTalkFailureKind kind) => kind switch
    {
        DingTalkFailureKind.None => "ok",
        DingTalkFailureKind.Transient => "transient",
        DingTalkFailureKind.Throttled => "throttled",
        _ => "permanent",
    };

    private static string? GetVersion()
        => typeof(DingTalkMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
