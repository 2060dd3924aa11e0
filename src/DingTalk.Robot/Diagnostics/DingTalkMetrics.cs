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
