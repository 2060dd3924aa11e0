using DingTalk.Robot.Digest;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Sinks.DingTalk;

namespace Serilog;

/// <summary>Adds <c>WriteTo.DingTalk()</c> to the logger configuration.</summary>
public static class DingTalkLoggerConfigurationExtensions
{
    /// <summary>
    /// Sends events at or above <paramref name="restrictedToMinimumLevel"/> to a DingTalk group as markdown digests:
    /// one message per batch, grouped by message template, with @-mentions when the batch holds errors. Works from
    /// appsettings.json (<c>"Name": "DingTalk"</c>) with every parameter below as an <c>Args</c> key.
    /// </summary>
    /// <param name="loggerSinkConfiguration">The sink configuration.</param>
    /// <param name="webhookUrl">The robot's webhook (<c>https://oapi.dingtalk.com/robot/send?access_token=…</c>). An empty value disables the sink with one SelfLog line, so a placeholder in appsettings.json does not stop the app.</param>
    /// <param name="secret">The robot's 加签 secret (<c>SEC…</c>), when it uses signing.</param>
    /// <param name="keyword">One of the robot's custom keywords, when it uses them; every digest contains it. Give this or <paramref name="keywords"/>.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. Default: Warning, or whatever <paramref name="levelSwitch"/> says when a switch is given.</param>
    /// <param name="levelSwitch">A switch that changes the lowest level at run time (<c>"$name"</c> in appsettings.json); it alone decides the level unless <paramref name="restrictedToMinimumLevel"/> is given too.</param>
    /// <param name="title">The app's name in the digest. Default: the entry assembly's name.</param>
    /// <param name="mentionLevel">A digest holding an event at or above this level mentions <paramref name="atMobiles"/>, <paramref name="atUserIds"/> (and everyone with <paramref name="atAll"/>). Default: Error.</param>
    /// <param name="atMobiles">Mobile numbers of group members to mention.</param>
    /// <param name="atUserIds">DingTalk user ids of group members to mention.</param>
    /// <param name="atAll">Mention everyone when a digest reaches <paramref name="mentionLevel"/>.</param>
    /// <param name="batchSizeLimit">The number of events that sends a digest without waiting for <paramref name="bufferingTimeLimit"/>. Default: 1000.</param>
    /// <param name="bufferingTimeLimit">The longest an event waits for its digest (<c>"00:00:10"</c>). Default: 10 seconds.</param>
    /// <param name="queueLimit">The most events waiting in memory; the rest are counted in their template's group without their details. Default: 10000.</param>
    /// <param name="retryTimeLimit">How long an undeliverable digest is retried. Default: 10 minutes.</param>
    /// <param name="eagerlyEmitFirstEvent">Send the first event at once. Default: false.</param>
    /// <param name="messagesPerMinute">The robot's budget, at most 20: DingTalk throttles a robot for 10 minutes beyond it. Default: 20.</param>
    /// <param name="formatProvider">Culture-specific formatting, or null.</param>
    /// <param name="messageHandler">An HTTP handler to send through (a proxy, tests); not disposed by the sink. See <see cref="DingTalkDigestOptions.MessageHandler"/>.</param>
    /// <param name="shutdownTimeout">How long <c>Log.CloseAndFlush()</c> may take to deliver what is pending. Default: 10 seconds.</param>
    /// <param name="maxEventsShown">The most example events shown in one digest. Default: 20.</param>
    /// <param name="includeProperties">Show the events' properties. Default: true.</param>
    /// <param name="period">Legacy name (Serilog.Sinks.PeriodicBatching) of <paramref name="bufferingTimeLimit"/>; give one or the other.</param>
    /// <param name="batchPostingLimit">Legacy name (Serilog.Sinks.PeriodicBatching) of <paramref name="batchSizeLimit"/>; give one or the other.</param>
    /// <param name="keywords">The robot's custom keywords, as a list (<c>MEL's Keywords</c>); every digest contains the first. Give this or <paramref name="keyword"/>.</param>
    /// <param name="name">A name for this robot in metrics (<c>dingtalk.robot</c>) and health reports. Default: <c>webhook-</c> and a short hash of the access token.</param>
    /// <param name="rememberAlerts">Remember alert groups across digests (new, rising, back, ongoing, quiet; no repeated pages). False: every batch told in full. Default: true.</param>
    /// <param name="repeatInterval">How long before an unchanged ongoing group is told in full again (<c>"01:00:00"</c>). Default: 1 hour.</param>
    /// <param name="quietAfter">How long without events makes a group quiet (<c>"00:05:00"</c>). Default: 5 minutes.</param>
    /// <param name="risingFactor">How many times its rate when last told makes a group rising. Default: 5.</param>
    /// <param name="maxTrackedAlerts">The most alert groups remembered. Default: 10000.</param>
    /// <param name="maxPropertiesShown">The most properties an example shows, 0 to 50. Default: 5.</param>
    /// <param name="includedProperties">When given, only these properties are shown (<c>Http*</c> matches a prefix).</param>
    /// <param name="excludedProperties">Properties never shown (<c>Http*</c> matches a prefix).</param>
    /// <param name="links">Links under each group, by title: URL templates with <c>{TraceId}</c>, <c>{SpanId}</c>, <c>{Fingerprint}</c>, <c>{From}</c>, <c>{To}</c>, <c>{FromUnixMs}</c>, <c>{ToUnixMs}</c> or a property's name (an object in appsettings.json). See <see cref="DingTalkDigestOptions.Links"/>.</param>
    /// <param name="openLinksInBrowser">Open the links in the system's browser rather than DingTalk's side panel. Default: false.</param>
    /// <param name="timeZone">The time zone of the digest's times, an IANA or Windows id (<c>Asia/Shanghai</c>). Default: each event's own offset.</param>
    /// <param name="fleetRedis">Fleet mode: the Redis connection string (<c>redis:6379,password=…</c>) through which the app's replicas share the robot's budget. Needs the DingTalk.Robot.Redis package. Default: none (the budget is this process's).</param>
    /// <param name="fleetName">The fleet's name, shared by its replicas. Default: the entry assembly's name.</param>
    /// <param name="fleetExpectedReplicas">How many replicas may run at once: while Redis cannot be reached, each keeps to <paramref name="messagesPerMinute"/> divided by it. Default: 10.</param>
    /// <param name="fleetReplica">This replica's name in its digests (<c>sent by orders-7f9c</c>): letters, digits, '.', '-', '_', at most 64. Default: the HOSTNAME environment variable (a pod's name), else the machine's name.</param>
    /// <param name="fleetOneDigest">Fleet mode: one digest per interval for all replicas, sent by the replica holding the fleet's sender lease (true, the default), or each replica's own digests (false).</param>
    /// <param name="webhooks">More robots of the same group as <paramref name="webhookUrl"/> (each <c>{ "webhookUrl": …, "secret": … }</c>): digests rotate across them, each with its own budget.</param>
    /// <param name="robots">Named robots with routes (<c>"oncall": { "webhookUrl": …, "minimumLevel": "Fatal", "atAll": "true" }</c>); see <see cref="DingTalkRobotArgs"/>.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">A non-empty webhook that is malformed, not https (except loopback) or has no access_token; an option out of range; an option given under both its names.</exception>
    public static LoggerConfiguration DingTalk(
        this LoggerSinkConfiguration loggerSinkConfiguration,
        string webhookUrl,
        string? secret = null,
        string? keyword = null,
        LogEventLevel? restrictedToMinimumLevel = null,
        LoggingLevelSwitch? levelSwitch = null,
        string? title = null,
        LogEventLevel mentionLevel = (LogEventLevel)DingTalkDigestOptions.DefaultMentionLevel,
        string[]? atMobiles = null,
        string[]? atUserIds = null,
        bool atAll = false,
        int? batchSizeLimit = null,
        TimeSpan? bufferingTimeLimit = null,
        int? queueLimit = DingTalkDigestOptions.DefaultQueueLimit,
        TimeSpan? retryTimeLimit = null,
        bool eagerlyEmitFirstEvent = false,
        int messagesPerMinute = DingTalkDigestOptions.DefaultMessagesPerMinute,
        IFormatProvider? formatProvider = null,
        HttpMessageHandler? messageHandler = null,
        TimeSpan? shutdownTimeout = null,
        int maxEventsShown = DingTalkDigestOptions.DefaultMaxEventsShown,
        bool includeProperties = DingTalkDigestOptions.DefaultIncludeProperties,
        TimeSpan? period = null,
        int? batchPostingLimit = null,
        string[]? keywords = null,
        string? name = null,
        bool rememberAlerts = DingTalkDigestOptions.DefaultRememberAlerts,
        TimeSpan? repeatInterval = null,
        TimeSpan? quietAfter = null,
        double risingFactor = DingTalkDigestOptions.DefaultRisingFactor,
        int maxTrackedAlerts = DingTalkDigestOptions.DefaultMaxTrackedAlerts,
        int maxPropertiesShown = DingTalkDigestOptions.DefaultMaxPropertiesShown,
        string[]? includedProperties = null,
        string[]? excludedProperties = null,
        Dictionary<string, string>? links = null,
        bool openLinksInBrowser = false,
        string? timeZone = null,
        string? fleetRedis = null,
        string? fleetName = null,
        int? fleetExpectedReplicas = null,
        string? fleetReplica = null,
        bool fleetOneDigest = true,
        DingTalkWebhookOptions[]? webhooks = null,
        Dictionary<string, DingTalkRobotArgs>? robots = null)
    {
        if (loggerSinkConfiguration is null)
        {
            throw new ArgumentNullException(nameof(loggerSinkConfiguration));
        }

        var options = OptionsFromArguments(
            webhookUrl, secret, keyword, title, mentionLevel, atMobiles, atUserIds, atAll, batchSizeLimit, bufferingTimeLimit,
            queueLimit, retryTimeLimit, eagerlyEmitFirstEvent, messagesPerMinute, formatProvider, messageHandler, shutdownTimeout,
            maxEventsShown, includeProperties, period, batchPostingLimit, keywords, name, rememberAlerts, repeatInterval, quietAfter, risingFactor, maxTrackedAlerts,
            maxPropertiesShown, includedProperties, excludedProperties, links, openLinksInBrowser, timeZone, fleetRedis, fleetName, fleetExpectedReplicas, fleetReplica,
            fleetOneDigest, webhooks, robots);
        return Sink(loggerSinkConfiguration, options, restrictedToMinimumLevel, levelSwitch, SerilogSettingNames.FlatOverload);
    }

    /// <summary>
    /// Sends events at or above <paramref name="restrictedToMinimumLevel"/> to a DingTalk group as markdown digests,
    /// configured with an options object.
    /// </summary>
    /// <param name="loggerSinkConfiguration">The sink configuration.</param>
    /// <param name="options">The options; an empty <see cref="DingTalkDigestOptions.WebhookUrl"/> disables the sink with one SelfLog line.</param>
    /// <param name="restrictedToMinimumLevel">The lowest level sent. Default: Warning, or whatever <paramref name="levelSwitch"/> says when a switch is given.</param>
    /// <param name="levelSwitch">A switch that changes the lowest level at run time; it alone decides the level unless <paramref name="restrictedToMinimumLevel"/> is given too.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    /// <exception cref="ArgumentException">A non-empty webhook that is malformed, not https (except loopback) or has no access_token; an option out of range.</exception>
    public static LoggerConfiguration DingTalk(
        this LoggerSinkConfiguration loggerSinkConfiguration,
        DingTalkSinkOptions options,
        LogEventLevel? restrictedToMinimumLevel = null,
        LoggingLevelSwitch? levelSwitch = null)
    {
        if (loggerSinkConfiguration is null)
        {
            throw new ArgumentNullException(nameof(loggerSinkConfiguration));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        return Sink(loggerSinkConfiguration, options, restrictedToMinimumLevel, levelSwitch, SerilogSettingNames.OptionsObject);
    }

    private static LoggerConfiguration Sink(
        LoggerSinkConfiguration loggerSinkConfiguration,
        DingTalkSinkOptions options,
        LogEventLevel? restrictedToMinimumLevel,
        LoggingLevelSwitch? levelSwitch,
        Func<string, string> settingNames)
    {
        if (DingTalkSink.TryCreate(options, settingNames) is not { } sink)
        {
            SelfLog.WriteLine("{0}", "DingTalk sink disabled: no webhook URL is configured (set WriteTo DingTalk's webhookUrl to enable it).");
            return loggerSinkConfiguration.Sink(DisabledSink.Instance, LevelAlias.Maximum);
        }

        // A level switch decides alone unless a level is given too: Serilog warns in SelfLog at every start when a sink
        // gets both, and the README's own appsettings.json (a switch, no level) must not make it.
        var level = restrictedToMinimumLevel ?? (levelSwitch is null ? LogEventLevel.Warning : LevelAlias.Minimum);
        return loggerSinkConfiguration.Sink(sink, level, levelSwitch);
    }

    /// <summary>
    /// The options the flat overload stands for: the options' own defaults, with each argument that was given put over
    /// them (a TimeSpan or a legacy name left null keeps the default). Internal so that a test can hold every default
    /// of the overload against <see cref="DingTalkSinkOptions"/>'s.
    /// </summary>
    internal static DingTalkSinkOptions OptionsFromArguments(
        string webhookUrl,
        string? secret,
        string? keyword,
        string? title,
        LogEventLevel mentionLevel,
        string[]? atMobiles,
        string[]? atUserIds,
        bool atAll,
        int? batchSizeLimit,
        TimeSpan? bufferingTimeLimit,
        int? queueLimit,
        TimeSpan? retryTimeLimit,
        bool eagerlyEmitFirstEvent,
        int messagesPerMinute,
        IFormatProvider? formatProvider,
        HttpMessageHandler? messageHandler,
        TimeSpan? shutdownTimeout,
        int maxEventsShown,
        bool includeProperties,
        TimeSpan? period,
        int? batchPostingLimit,
        string[]? keywords = null,
        string? name = null,
        bool rememberAlerts = DingTalkDigestOptions.DefaultRememberAlerts,
        TimeSpan? repeatInterval = null,
        TimeSpan? quietAfter = null,
        double risingFactor = DingTalkDigestOptions.DefaultRisingFactor,
        int maxTrackedAlerts = DingTalkDigestOptions.DefaultMaxTrackedAlerts,
        int maxPropertiesShown = DingTalkDigestOptions.DefaultMaxPropertiesShown,
        string[]? includedProperties = null,
        string[]? excludedProperties = null,
        Dictionary<string, string>? links = null,
        bool openLinksInBrowser = false,
        string? timeZone = null,
        string? fleetRedis = null,
        string? fleetName = null,
        int? fleetExpectedReplicas = null,
        string? fleetReplica = null,
        bool fleetOneDigest = true,
        DingTalkWebhookOptions[]? webhooks = null,
        Dictionary<string, DingTalkRobotArgs>? robots = null)
    {
        var options = new DingTalkSinkOptions
        {
            MaxPropertiesShown = maxPropertiesShown,
            OpenLinksInBrowser = openLinksInBrowser,
            TimeZone = string.IsNullOrEmpty(timeZone) ? null : timeZone,
            WebhookUrl = webhookUrl,
            Secret = string.IsNullOrEmpty(secret) ? null : secret,
            Title = title,
            MentionLevel = (DigestLevel)(int)mentionLevel,
            AtAll = atAll,
            QueueLimit = queueLimit,
            EagerlyEmitFirstEvent = eagerlyEmitFirstEvent,
            MessagesPerMinute = messagesPerMinute,
            FormatProvider = formatProvider,
            MessageHandler = messageHandler,
            MaxEventsShown = maxEventsShown,
            IncludeProperties = includeProperties,
            RememberAlerts = rememberAlerts,
            RisingFactor = risingFactor,
            MaxTrackedAlerts = maxTrackedAlerts,
            Name = string.IsNullOrWhiteSpace(name) ? null : name,
        };

        // keyword (one) and keywords (a list, MEL's Keywords) are one setting: both given, one would be dropped unsaid.
        if (!string.IsNullOrEmpty(keyword) && keywords is { Length: > 0 })
        {
            throw new ArgumentException(
                "keyword and keywords are the same setting (one keyword, or a list of them), and both were given; keep one.",
                nameof(keywords));
        }

        if (!string.IsNullOrEmpty(keyword))
        {
            options.Keywords = new List<string> { keyword! };
        }
        else if (keywords is { Length: > 0 })
        {
            options.Keywords = new List<string>(keywords);
        }

        if (atMobiles is not null)
        {
            options.AtMobiles = atMobiles;
        }

        if (webhooks is not null)
        {
            options.Webhooks = new List<DingTalkWebhookOptions>(webhooks);
        }

        if (robots is not null)
        {
            options.Robots = RobotArgsConversion.ToOptions(robots);
        }

        if (atUserIds is not null)
        {
            options.AtUserIds = atUserIds;
        }

        if (includedProperties is not null)
        {
            options.IncludedProperties = includedProperties;
        }

        if (excludedProperties is not null)
        {
            options.ExcludedProperties = excludedProperties;
        }

        if (links is not null)
        {
            options.Links = links;
        }

        // The legacy names are aliases, not fallbacks: given together with the current name, one of the two values
        // would be dropped without a word.
        if (Either(batchSizeLimit, batchPostingLimit, nameof(batchSizeLimit), nameof(batchPostingLimit)) is { } size)
        {
            options.BatchSizeLimit = size;
        }

        if (Either(bufferingTimeLimit, period, nameof(bufferingTimeLimit), nameof(period)) is { } buffering)
        {
            options.BufferingTimeLimit = buffering;
        }

        if (retryTimeLimit is { } retry)
        {
            options.RetryTimeLimit = retry;
        }

        if (shutdownTimeout is { } shutdown)
        {
            options.ShutdownTimeout = shutdown;
        }

        if (repeatInterval is { } repeat)
        {
            options.RepeatInterval = repeat;
        }

        if (quietAfter is { } quiet)
        {
            options.QuietAfter = quiet;
        }

        options.Fleet.Redis = string.IsNullOrWhiteSpace(fleetRedis) ? null : fleetRedis;
        options.Fleet.Name = string.IsNullOrWhiteSpace(fleetName) ? null : fleetName;
        if (fleetExpectedReplicas is { } replicas)
        {
            options.Fleet.ExpectedReplicas = replicas;
        }

        options.Fleet.Replica = string.IsNullOrWhiteSpace(fleetReplica) ? null : fleetReplica;
        options.Fleet.OneDigest = fleetOneDigest;

        return options;
    }

    private static T? Either<T>(T? current, T? legacy, string currentName, string legacyName)
        where T : struct
    {
        if (current is not null && legacy is not null)
        {
            throw new ArgumentException(
                $"{currentName} and {legacyName} are the same setting ({legacyName} is its Serilog.Sinks.PeriodicBatching name), and both were given; keep {currentName} and remove {legacyName}.",
                legacyName);
        }

        return current ?? legacy;
    }
}
