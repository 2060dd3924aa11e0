namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// The verdict for one fingerprint, from what was seen and what was told: a pure function, so a digest that fails
/// and is decided again tells the same story.
/// </summary>
/// <remarks>
/// As Alertmanager's dedup stage: a group never told is told; a change (worse, rising, back) is told; a group that
/// stopped is told once (Alertmanager's "resolved", only for a group that was told); and an unchanged group is told
/// again only when the repeat interval has passed since it was last told in full.
/// </remarks>
internal static class AlertRules
{
    /// <summary>The verdict, or <see langword="null"/> when there is nothing to say about the fingerprint.</summary>
    /// <param name="entry">What is known about the fingerprint.</param>
    /// <param name="now">The caller's monotonic now.</param>
    /// <param name="window">The memory's current window.</param>
    /// <param name="windowLength">How long the current window is.</param>
    /// <param name="options">The thresholds.</param>
    public static AlertVerdict? Judge(AlertEntry entry, TimeSpan now, long window, TimeSpan windowLength, AlertMemoryOptions options)
    {
        var rate = entry.RateIn(window, windowLength);
        var untold = entry.Total - entry.Told;
        if (!entry.Notified)
        {
            // Even when it has gone quiet since: a story never told (a failed send) is still new to the reader.
            return untold > 0 ? Verdict(entry, AlertState.New, rate, options) : null;
        }

        if (now - entry.LastSeen >= options.QuietAfter)
        {
            return entry.QuietTold ? null : Verdict(entry, AlertState.Quiet, rate, options);
        }

        if (untold == 0)
        {
            return null;
        }

        // Back also when its quiet was never told (that digest failed, or no decision fell in the silence).
        if (entry.ReturnedAfterQuiet || entry.LongestGap >= options.QuietAfter)
        {
            return Verdict(entry, AlertState.Back, rate, options);
        }

        if (entry.UntoldLevel > entry.NotifiedLevel)
        {
            return Verdict(entry, AlertState.WorseLevel, rate, options);
        }

        if (IsRising(entry, rate, entry.CountIn(window), options))
        {
            return Verdict(entry, AlertState.Rising, rate, options);
        }

        return Verdict(entry, AlertState.Ongoing, rate, options, isRepeat: now - entry.NotifiedAt >= options.RepeatInterval);
    }

    // Against the rate last told in full, not the previous window: a slow climb adds up to a rise too. The small
    // tolerance keeps an exact multiple (10/s → 50/s at a factor of 5) from failing on rounding.
    private static bool IsRising(AlertEntry entry, double rate, long windowCount, AlertMemoryOptions options)
        => entry.NotifiedRate > 0
            && windowCount >= options.RisingMinimumEvents
            && rate >= options.RisingFactor * entry.NotifiedRate * (1 - 1e-9);

    private static AlertVerdict Verdict(
        AlertEntry entry, AlertState state, double rate, AlertMemoryOptions options, bool isRepeat = false)
    {
        // A change wakes people; an ongoing group retold or a recovery is read when they look.
        var level = entry.UntoldLevel >= 0 ? entry.UntoldLevel : entry.NotifiedLevel;
        var mention = state is AlertState.New or AlertState.Rising or AlertState.Back or AlertState.WorseLevel
            && level >= DigestLevelText.Index(options.MentionLevel);
        return new AlertVerdict(entry, state, isRepeat, mention, rate);
    }
}
