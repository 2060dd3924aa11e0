using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Digest;

/// <summary>
/// The options shared by the Serilog sink and the Microsoft.Extensions.Logging provider: where the digests go,
/// who is mentioned, and how events are batched. The names mirror Serilog 4's <c>BatchingOptions</c>.
/// </summary>
public class DingTalkDigestOptions
{
    // The defaults that the Serilog flat overload also spells as parameter defaults (which must be constants): written
    // here once, and FlatOverloadDefaultsTests checks that every default of that overload agrees with this class.
    internal const int DefaultQueueLimit = 10_000;
    internal const int DefaultMessagesPerMinute = DingTalkRobotOptions.MaxMessagesPerMinute;
    internal const int DefaultMaxEventsShown = 20;
    internal const bool DefaultIncludeProperties = true;
    internal const DigestLevel DefaultMentionLevel = DigestLevel.Error;
    internal const bool DefaultRememberAlerts = true;
    internal const double DefaultRisingFactor = Memory.AlertMemoryOptions.DefaultRisingFactor;
    internal const int DefaultMaxTrackedAlerts = Memory.AlertMemoryOptions.DefaultMaxTrackedFingerprints;

    internal const int DefaultMaxPropertiesShown = 5;

    /// <summary>The most <see cref="MaxPropertiesShown"/> may be: a phone screen is small, and each costs bytes of the 20000.</summary>
    internal const int MaxPropertiesShownLimit = 50;

    /// <summary>The robot's webhook, as copied from the robot's settings: <c>https://oapi.dingtalk.com/robot/send?access_token=…</c>. Required.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The robot's 加签 secret (<c>SEC…</c>), when the robot uses signing.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// A name for this robot in metrics (the tag <c>dingtalk.robot</c>) and health reports, such as <c>"oncall"</c>.
    /// Default: <c>webhook-</c> and the first 8 hex digits of the SHA-256 of the access token (never the token itself).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The robot's custom keywords, when it uses them: every digest contains the first one.</summary>
    public IList<string> Keywords { get; set; } = new List<string>();

    /// <summary>The application's name in the digest's title and heading. Default: the entry assembly's name.</summary>
    public string? Title { get; set; }

    /// <summary>A digest that holds an event at or above this level mentions <see cref="AtMobiles"/>, <see cref="AtUserIds"/> (and everyone, with <see cref="AtAll"/>). Default: <see cref="DigestLevel.Error"/>.</summary>
    public DigestLevel MentionLevel { get; set; } = DefaultMentionLevel;

    /// <summary>Mobile numbers of group members to mention.</summary>
    public IList<string> AtMobiles { get; set; } = new List<string>();

    /// <summary>DingTalk user ids of group members to mention.</summary>
    public IList<string> AtUserIds { get; set; } = new List<string>();

    /// <summary>Mention everyone in the group when a digest reaches <see cref="MentionLevel"/>.</summary>
    public bool AtAll { get; set; }

    /// <summary>The number of events that makes a batch full, so its digest goes out without waiting for <see cref="BufferingTimeLimit"/> (budget permitting). Default: 1000.</summary>
    public int BatchSizeLimit { get; set; } = 1000;

    /// <summary>The longest an event waits before its digest goes out (budget permitting): 1 ms to 1 hour. Default: 10 seconds.</summary>
    public TimeSpan BufferingTimeLimit { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Send the first event at once instead of waiting for <see cref="BufferingTimeLimit"/>. Default: <see langword="false"/> (one digest, not one for the first event and another for the rest).</summary>
    public bool EagerlyEmitFirstEvent { get; set; }

    /// <summary>
    /// The most events waiting in memory; beyond it an event is counted in its template's group, without its details
    /// (example, source, exception). In a flood the queue is read every 250 ms, so this also sets how many of a flood's
    /// events are read for their details. <see langword="null"/> means unbounded (not recommended). Default: 10000.
    /// </summary>
    public int? QueueLimit { get; set; } = DefaultQueueLimit;

    /// <summary>How long a digest that cannot be delivered is retried before it is given up (and counted in the next one): 1 ms to 12 hours. Default: 10 minutes.</summary>
    public TimeSpan RetryTimeLimit { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The robot's budget, 1 to 20: DingTalk throttles a robot for 10 minutes after 20 messages in a minute (a test server on loopback may be given up to 1000). Default: 20.</summary>
    public int MessagesPerMinute { get; set; } = DefaultMessagesPerMinute;

    /// <summary>How long disposing (<c>Log.CloseAndFlush()</c>, host shutdown) may take to deliver what is pending: 1 ms to 10 minutes. Default: 10 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most example events shown in one digest; the rest are counted per group. Default: 20.</summary>
    public int MaxEventsShown { get; set; } = DefaultMaxEventsShown;

    /// <summary>Show the events' properties under each example. Default: <see langword="true"/>.</summary>
    public bool IncludeProperties { get; set; } = DefaultIncludeProperties;

    /// <summary>
    /// Remember each alert group (by fingerprint) across digests, so that a digest says what is new, rising, back,
    /// ongoing or quiet, goes out only when it has something to tell, and mentions people only for new, rising, back
    /// or worse groups. <see langword="false"/>: every batch is told in full and mentions whenever it reaches
    /// <see cref="MentionLevel"/>, each digest on its own. Default: <see langword="true"/>.
    /// </summary>
    public bool RememberAlerts { get; set; } = DefaultRememberAlerts;

    /// <summary>
    /// How long after an ongoing group was last told in full it is told in full again (Alertmanager's
    /// <c>repeat_interval</c>), without mentions; meanwhile its counts ride along in the digests that go out for other
    /// reasons. 1 second to 12 hours. Default: 1 hour.
    /// </summary>
    public TimeSpan RepeatInterval { get; set; } = Memory.AlertMemoryOptions.DefaultRepeatInterval;

    /// <summary>How long without events makes a group quiet (told once, with how long it lasted): 1 second to 12 hours. Default: 5 minutes.</summary>
    public TimeSpan QuietAfter { get; set; } = Memory.AlertMemoryOptions.DefaultQuietAfter;

    /// <summary>How many times its rate when last told makes a group rising (told, with mentions): more than 1, at most 1000. Default: 5.</summary>
    public double RisingFactor { get; set; } = DefaultRisingFactor;

    /// <summary>The most alert groups remembered; the least recently seen is forgotten first: 1 to 1,000,000. Default: 10,000.</summary>
    public int MaxTrackedAlerts { get; set; } = DefaultMaxTrackedAlerts;

    /// <summary>
    /// The most properties an example shows (0 to 50), the event id and the scopes included; properties the message
    /// already shows (holes of its template) are not counted. Both front ends stop capturing here, so a digest's size
    /// does not depend on the library that logged the event. Default: 5.
    /// </summary>
    public int MaxPropertiesShown { get; set; } = DefaultMaxPropertiesShown;

    /// <summary>
    /// When not empty, only these properties are shown (names, case-insensitive; <c>Http*</c> matches a prefix), in the
    /// events' own order. Serilog's enriched properties and MEL's structured scopes are properties too.
    /// </summary>
    public IList<string> IncludedProperties { get; set; } = new List<string>();

    /// <summary>Properties never shown (names, case-insensitive; <c>Http*</c> matches a prefix). Wins over <see cref="IncludedProperties"/>.</summary>
    public IList<string> ExcludedProperties { get; set; } = new List<string>();

    /// <summary>
    /// Links shown under each group of a digest, by title: a URL template whose placeholders — <c>{TraceId}</c>,
    /// <c>{SpanId}</c>, <c>{Fingerprint}</c>, <c>{From}</c>, <c>{To}</c>, <c>{FromUnixMs}</c>, <c>{ToUnixMs}</c>, or any
    /// property's name — are filled in, URL-encoded, from the group and its latest example. A link whose placeholders
    /// have no value in a group is left out of that group. Links come only from here, never from event text.
    /// </summary>
    /// <example><c>Links = { ["Jaeger"] = "https://jaeger.example.com/trace/{TraceId}" }</c></example>
    public IDictionary<string, string> Links { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// Open the links in the system's browser instead of DingTalk's side panel: each URL is wrapped as
    /// <c>dingtalk://dingtalkclient/page/link?url=…&amp;pc_slide=false</c>, as DingTalk documents for ActionCard
    /// buttons (for markdown links this is reported to work, not documented). Default: <see langword="false"/>.
    /// </summary>
    public bool OpenLinksInBrowser { get; set; }

    /// <summary>
    /// The time zone the digest's times are written in: an IANA id (<c>Asia/Shanghai</c>) or a Windows id
    /// (<c>China Standard Time</c>). On .NET 8 and later either kind works on every OS; on .NET Framework only Windows
    /// ids. Default: none, each event's own offset (Serilog: the machine's local time; MEL: UTC).
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// The HTTP handler to send through (a proxy, or a test handler). It is not disposed with the sink. Default: a
    /// handler of the sink's own, with TLS validation always on.
    /// </summary>
    /// <remarks>
    /// For a proxy, give a <c>SocketsHttpHandler</c> of the sink's own (<c>new SocketsHttpHandler { Proxy = … }</c>): its
    /// <c>ActivityHeadersPropagator</c> is set to null before its first request, which keeps .NET's HTTP diagnostics
    /// (and so any APM agent in the process) from seeing the webhook URL with its access token and sign. An
    /// <c>HttpClientHandler</c>, or a handler that has already sent, cannot be changed that way: their requests, URL
    /// included, remain visible to in-process <c>DiagnosticListener</c> subscribers.
    /// </remarks>
    public HttpMessageHandler? MessageHandler { get; set; }

    /// <summary>
    /// Fleet mode: replicas of one application share the robot's budget through Redis (<c>Fleet:Redis</c>,
    /// <c>Fleet:Name</c> in appsettings.json; needs the DingTalk.Robot.Redis package). Off by default.
    /// </summary>
    public DingTalkFleetOptions Fleet { get; set; } = new();

    /// <summary>The clock for batching, backoff and signing; for tests. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// More robots added to the same group as <see cref="WebhookUrl"/>: digests rotate across all of them, each with a
    /// budget of its own, so the group carries <see cref="MessagesPerMinute"/> times their number. An entry with an
    /// empty webhook is left out (a placeholder filled per environment).
    /// </summary>
    public IList<DingTalkWebhookOptions> Webhooks { get; set; } = new List<DingTalkWebhookOptions>();

    /// <summary>
    /// Named robots besides the default one (<see cref="WebhookUrl"/>), each with a route: Fatal to an on-call group
    /// with <c>@all</c>, a category to its team's group. Each robot takes what its route accepts; the default robot
    /// takes every event, except those an <see cref="DingTalkRoutedRobotOptions.Exclusive"/> robot took. With no
    /// <see cref="WebhookUrl"/>, only the named robots send.
    /// </summary>
    public IDictionary<string, DingTalkRoutedRobotOptions> Robots { get; set; } = new Dictionary<string, DingTalkRoutedRobotOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Checks every option and throws an <see cref="ArgumentException"/> that names the first bad one and what is
    /// expected. The webhook is checked as <see cref="DingTalkRobotOptions.Validate"/> does.
    /// </summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public void Validate() => DigestOptionsValidator.Validate(this);

    /// <summary>
    /// The robot client's options for these digest options: the one mapping from one to the other, used both to
    /// validate and to build the engine's client, so that whatever <see cref="Validate"/> accepts also constructs. A
    /// <see langword="null"/> <see cref="Keywords"/> list means no keywords, as an empty one does.
    /// </summary>
    internal Memory.AlertMemoryOptions ToAlertMemoryOptions() => new()
    {
        RepeatInterval = RepeatInterval,
        QuietAfter = QuietAfter,
        RisingFactor = RisingFactor,
        MentionLevel = MentionLevel,
    };

    /// <summary>
    /// The robot client's options for these digest options: the one mapping from one to the other, used both to
    /// validate and to build the engine's client, so that whatever <see cref="Validate"/> accepts also constructs. A
    /// <see langword="null"/> <see cref="Keywords"/> list means no keywords, as an empty one does.
    /// </summary>
    /// <summary>
    /// The budget the schedule paces digests by: <see cref="MessagesPerMinute"/> for each webhook the digests rotate
    /// across (<see cref="WebhookUrl"/> and <see cref="Webhooks"/>).
    /// </summary>
    internal int EffectiveMessagesPerMinute => MessagesPerMinute * Routing.RobotWebhooks.Count(this);

    internal DingTalkRobotOptions ToRobotOptions() => new()
    {
        WebhookUrl = WebhookUrl,
        Secret = Secret,
        Name = Name,
        Keywords = Keywords is null ? new List<string>() : new List<string>(Keywords),
        MessagesPerMinute = MessagesPerMinute,
        Fleet = Fleet?.Clone(),
    };
}
