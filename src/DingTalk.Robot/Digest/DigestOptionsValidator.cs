using System.Globalization;

namespace DingTalk.Robot.Digest;

/// <summary>
/// The checks behind <see cref="DingTalkDigestOptions.Validate"/>: each bad value gets its own message, naming the
/// option and what it expects, at configuration time rather than as a silent misbehaviour later. The robot's own
/// settings are checked by <see cref="DingTalkRobotOptions.Validate"/> on <see cref="DingTalkDigestOptions.ToRobotOptions"/>,
/// the very options the engine's client is built from.
/// </summary>
internal static class DigestOptionsValidator
{
    // Every TimeSpan option is checked against a range that lies within (0, 1 day): appsettings.json (both front ends)
    // reads a bare number as DAYS, so "1" is a day and "0" is zero, and each lands outside its range and is refused
    // with the option's name. A zero shutdown timeout would drop everything pending at shutdown without a word.
    private static readonly TimeSpan MinTimeSpan = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxBufferingTimeLimit = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxRetryTimeLimit = TimeSpan.FromHours(12);
    private static readonly TimeSpan MaxShutdownTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinAlertTimeSpan = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxAlertTimeSpan = TimeSpan.FromHours(12);

    public static void Validate(DingTalkDigestOptions options)
    {
        options.ToRobotOptions().Validate();
        Routing.RobotWebhooks.Validate(options);

        Positive(options.BatchSizeLimit, nameof(options.BatchSizeLimit), "the number of events that makes a batch full");
        Positive(options.MaxEventsShown, nameof(options.MaxEventsShown), "the most example events shown in a digest");
        if (options.QueueLimit is { } queueLimit)
        {
            Positive(queueLimit, nameof(options.QueueLimit), "the most events waiting in memory (or null for no limit)");
        }

        InRange(options.BufferingTimeLimit, MaxBufferingTimeLimit, nameof(options.BufferingTimeLimit));
        InRange(options.RetryTimeLimit, MaxRetryTimeLimit, nameof(options.RetryTimeLimit));
        InRange(options.ShutdownTimeout, MaxShutdownTimeout, nameof(options.ShutdownTimeout));
        InRange(options.RepeatInterval, MaxAlertTimeSpan, nameof(options.RepeatInterval), MinAlertTimeSpan);
        InRange(options.QuietAfter, MaxAlertTimeSpan, nameof(options.QuietAfter), MinAlertTimeSpan);
        if (!(options.RisingFactor > 1 && options.RisingFactor <= 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(options.RisingFactor), options.RisingFactor,
                $"RisingFactor (how many times its last told rate makes a group rising) must be more than 1 and at most 1000; got {options.RisingFactor.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.MaxTrackedAlerts is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(options.MaxTrackedAlerts), options.MaxTrackedAlerts,
                $"MaxTrackedAlerts (the most alert groups remembered) must be between 1 and 1,000,000; got {options.MaxTrackedAlerts.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (!Enum.IsDefined(typeof(DigestLevel), options.MentionLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(options.MentionLevel), options.MentionLevel,
                "MentionLevel must be one of Verbose (Trace), Debug, Information, Warning, Error, Fatal (Critical).");
        }

        if (options.MaxPropertiesShown < 0 || options.MaxPropertiesShown > DingTalkDigestOptions.MaxPropertiesShownLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(options.MaxPropertiesShown), options.MaxPropertiesShown,
                $"MaxPropertiesShown (the most properties an example shows) must be between 0 and {DingTalkDigestOptions.MaxPropertiesShownLimit}; got {options.MaxPropertiesShown.ToString(CultureInfo.InvariantCulture)}.");
        }

        _ = DigestTimeZone.Find(options.TimeZone);
        _ = Links.LinkSet.From(options);

        foreach (var list in new[]
                 {
                     (options.AtMobiles, nameof(options.AtMobiles)), (options.AtUserIds, nameof(options.AtUserIds)),
                     (options.IncludedProperties, nameof(options.IncludedProperties)), (options.ExcludedProperties, nameof(options.ExcludedProperties)),
                 })
        {
            if (list.Item1 is null)
            {
                continue;
            }

            foreach (var value in list.Item1)
            {
                if (string.IsNullOrWhiteSpace(value) || ContainsWhiteSpace(value))
                {
                    throw new ArgumentException($"{list.Item2} must hold non-empty values without spaces; got \"{value}\".", list.Item2);
                }
            }
        }
    }

    private static void Positive(int value, string name, string meaning)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} ({meaning}) must be greater than zero; got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    private static void InRange(TimeSpan value, TimeSpan max, string name, TimeSpan? min = null)
    {
        var least = min ?? MinTimeSpan;
        if (value < least || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"{name} must be between {least} and {max}; got {value}. In appsettings.json write a TimeSpan as \"00:00:10\": a bare number is read as days.");
        }
    }

    private static bool ContainsWhiteSpace(string value)
    {
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }
}
