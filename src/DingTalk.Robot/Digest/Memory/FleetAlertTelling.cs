namespace DingTalk.Robot.Digest.Memory;

/// <summary>What this replica told of one fingerprint, for the fleet's log (<see cref="IFleetAlertLog.Told"/>).</summary>
internal readonly struct FleetAlertTelling
{
    private FleetAlertTelling(AlertFingerprint fingerprint, bool isQuiet, DigestLevel level, double rate, DateTimeOffset? episodeStart, TimeSpan ago)
    {
        Fingerprint = fingerprint;
        IsQuiet = isQuiet;
        Level = level;
        Rate = rate;
        EpisodeStart = episodeStart;
        Ago = ago;
    }

    /// <summary>The group's fingerprint.</summary>
    public AlertFingerprint Fingerprint { get; }

    /// <summary>It told the group had gone quiet (otherwise: told it in full).</summary>
    public bool IsQuiet { get; }

    /// <summary>The level told.</summary>
    public DigestLevel Level { get; }

    /// <summary>The events per second told.</summary>
    public double Rate { get; }

    /// <summary>When the stretch it began started (new, or back after a quiet): the fleet's "since" moves to it; otherwise <see langword="null"/>.</summary>
    public DateTimeOffset? EpisodeStart { get; }

    /// <summary>How long ago it was told: zero for a digest just accepted.</summary>
    public TimeSpan Ago { get; }

    /// <summary>What an accepted digest told, from its verdict.</summary>
    public static FleetAlertTelling Of(AlertVerdict verdict)
        => new(
            verdict.Fingerprint,
            verdict.State == AlertState.Quiet,
            verdict.Level,
            verdict.Rate,
            verdict.State is AlertState.New or AlertState.Back ? verdict.Since : null,
            TimeSpan.Zero);

    /// <summary>
    /// A telling this replica remembers and the fleet does not (Redis restarted or flushed, or the telling was lost while
    /// Redis was away): written back, at its age, so that a pod that never saw it does not tell it as new.
    /// </summary>
    public static FleetAlertTelling Remembered(AlertEntry entry, TimeSpan ago)
        => new(entry.Fingerprint, isQuiet: false, (DigestLevel)entry.NotifiedLevel, entry.NotifiedRate, episodeStart: null, ago);
}
