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

    // Totals behind the two observable counters below. A logging call touches no instrument: a Counter's Add on every
    // call would cost the application's thread more than the enqueue itself once a listener (OpenTelemetry, say) is
    // attached. The digest loop adds what it takes from its queue, once per round.
    private static long s_eventsEnqueued;
    private static long s_eventsDropped;

    /// <summary>Log events accepted into a digest queue, counted as the digest loop takes them from it.</summary>
    public static readonly ObservableCounter<long> DigestEventsEnqueued = Meter.CreateObservableCounter(
        "dingtalk.digest.events.enqueued",
        () => Volatile.Read(ref s_eventsEnqueued),
        unit: "{event}",
        description: "Log events accepted by the DingTalk digest engine.");

    /// <summary>Log events dropped because the digest queue was full (or the engine was shutting down).</summary>
    public static readonly ObservableCounter<long> DigestEventsDropped = Meter.CreateObservableCounter(
        "dingtalk.digest.events.dropped",
        () => Volatile.Read(ref s_eventsDropped),
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

    /// <summary>Adds events a digest loop took from its queue.</summary>
    public static void AddEventsEnqueued(long count) => Interlocked.Add(ref s_eventsEnqueued, count);

    /// <summary>Adds events a digest queue refused.</summary>
    public static void AddEventsDropped(long count) => Interlocked.Add(ref s_eventsDropped, count);

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
