namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// How the alert memory decides what a digest tells. The defaults are set against Prometheus Alertmanager
/// (<c>group_wait</c> 30 s, <c>group_interval</c> 5 m, <c>repeat_interval</c> 4 h, <c>resolve_timeout</c> 5 m) and
/// Sentry (an issue alert acts at most once every 30 minutes per issue; an issue escalates at 5–8 times its usual
/// volume); the reasons are beside each one.
/// </summary>
internal sealed class AlertMemoryOptions
{
    /// <summary>
    /// 1 hour. Between Sentry's 30 minutes and Alertmanager's 4 hours: an ongoing group's counts already ride along in
    /// every digest that goes out for another reason, so the repeat is only the floor for a room that hears nothing
    /// else. Alertmanager's 4 h assumes a pager that keeps the alert open until someone acknowledges it; a chat has no
    /// such state, and four silent hours about a problem still burning read as "fixed". Sentry's 30 minutes throttles
    /// alerts that each have their own trigger; retelling an unchanged story every half hour is the noise we remove.
    /// A repeat never mentions anyone, so an hourly one costs a glance, not a phone buzz.
    /// </summary>
    public static readonly TimeSpan DefaultRepeatInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// 5 minutes: Alertmanager's <c>resolve_timeout</c> (an alert that stops being reported is resolved after 5 m)
    /// and its <c>group_interval</c>. Log events have no "resolved" signal, so silence is the only evidence of
    /// recovery: 30 digest windows of 10 s without a single event is a clear sign, and recovery is told within minutes.
    /// A job that fails periodically with a longer period is told as quiet and back each time: raise it above the period.
    /// </summary>
    public static readonly TimeSpan DefaultQuietAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// 5: Sentry's escalating-issue limit lies between 5 and 8 times the usual hourly volume. We compare one digest
    /// window (10 s) against the window last told, which is noisier than an hour, so the factor is not set lower than
    /// Sentry's lowest; doubling or tripling is the everyday burstiness of retries and timeouts.
    /// </summary>
    public const double DefaultRisingFactor = 5;

    /// <summary>
    /// 10 events in the window: a rise is only a rise when it is made of enough events not to be chance (1 → 5 events
    /// in 10 s is five times the rate and means nothing).
    /// </summary>
    public const long DefaultRisingMinimumEvents = 10;

    /// <summary>
    /// 10,000 fingerprints (a few megabytes): applications rarely have more than a few hundred distinct warning and
    /// error templates; the room is for front ends that fall back to rendered text as the template. The same number as
    /// the default queue limit. Alertmanager bounds its notification log by time (retention), Sentry keeps issues in
    /// a database; a sink in the app's process must bound it by count.
    /// </summary>
    public const int DefaultMaxTrackedFingerprints = 10_000;

    /// <summary>How long after a group was last told in full an unchanged ongoing group is told in full again. Zero or more.</summary>
    public TimeSpan RepeatInterval { get; set; } = DefaultRepeatInterval;

    /// <summary>How long without events makes a group quiet. More than zero.</summary>
    public TimeSpan QuietAfter { get; set; } = DefaultQuietAfter;

    /// <summary>How many times the rate last told makes a group rising. More than 1.</summary>
    public double RisingFactor { get; set; } = DefaultRisingFactor;

    /// <summary>The fewest events in a window that can make a group rising.</summary>
    public long RisingMinimumEvents { get; set; } = DefaultRisingMinimumEvents;

    /// <summary>The level from which new, rising, back and worse groups mention people (the digest's <c>MentionLevel</c>).</summary>
    public DigestLevel MentionLevel { get; set; } = DigestLevel.Error;
}
