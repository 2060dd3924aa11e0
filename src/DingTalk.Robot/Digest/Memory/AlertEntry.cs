namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// What the memory knows about one fingerprint: when it was seen, how often, and what was last told about it. Times
/// named <c>…At</c> or <c>Seen</c> are the caller's monotonic clock; <c>…Wall</c> ones are for people.
/// </summary>
internal sealed class AlertEntry
{
    // A rate over less than a second is mostly the chance of where a window ended.
    private static readonly TimeSpan MinimumRateSpan = TimeSpan.FromSeconds(1);

    private Phase _phase;

    // A label is shown on one line: longer ones are cut, so the memory's size stays bounded by the fingerprint cap.
    private const int MaxLabelChars = 160;

    public AlertEntry(AlertFingerprint fingerprint, TimeSpan now, DateTimeOffset firstSeen, DateTimeOffset lastSeen, long window, string? label = null)
    {
        Fingerprint = fingerprint;
        Label = label is { Length: > MaxLabelChars } ? label.Substring(0, MaxLabelChars) : label ?? string.Empty;
        FirstSeen = EpisodeStart = LastSeen = now;
        FirstSeenWall = EpisodeStartWall = firstSeen;
        LastSeenWall = lastSeen;
        Window = RunStartWindow = window;
        WindowFirstWall = firstSeen;
        WindowLastWall = lastSeen;
    }

    private enum Phase
    {
        Active,
        Quieted,
        Returned,
    }

    public AlertFingerprint Fingerprint { get; }

    /// <summary>What a digest calls the group (its template, cut at 160 characters); not escaped.</summary>
    public string Label { get; }

    public TimeSpan FirstSeen { get; }

    public DateTimeOffset FirstSeenWall { get; }

    /// <summary>When the current stretch of activity began: first seen, or the return after a told quiet.</summary>
    public TimeSpan EpisodeStart { get; private set; }

    public DateTimeOffset EpisodeStartWall { get; private set; }

    public long EpisodeTotal { get; private set; }

    public TimeSpan LastSeen { get; private set; }

    public DateTimeOffset LastSeenWall { get; private set; }

    public long Total { get; private set; }

    /// <summary>The total that accepted digests have carried: <see cref="Total"/> minus it is still untold.</summary>
    public long Told { get; private set; }

    /// <summary>The worst level index among the untold events, or -1.</summary>
    public int UntoldLevel { get; private set; } = -1;

    /// <summary>The longest silence between two observations since an accepted digest last carried it.</summary>
    public TimeSpan LongestGap { get; private set; }

    public bool Notified { get; private set; }

    public TimeSpan NotifiedAt { get; private set; }

    public int NotifiedLevel { get; private set; }

    /// <summary>Events per second when last told in full: the baseline of <see cref="AlertState.Rising"/>.</summary>
    public double NotifiedRate { get; private set; }

    /// <summary>How many of the fleet's replicas saw it lately, as the fleet last said (fleet mode); 0 when unknown.</summary>
    public int FleetReplicas { get; private set; }

    /// <summary>The events of its current stretch the whole fleet has seen, as the fleet last said; 0 when unknown.</summary>
    public long FleetEvents { get; private set; }

    /// <summary>The replicas that saw it most recently (a few), as the fleet last said.</summary>
    public IReadOnlyList<string>? FleetReplicaNames { get; private set; }

    /// <summary>Its quiet was told and it has not returned since.</summary>
    public bool QuietTold => _phase == Phase.Quieted;

    /// <summary>It returned after its quiet was told, and the return is not told yet.</summary>
    public bool ReturnedAfterQuiet => _phase == Phase.Returned;

    private long Window { get; set; }

    private long RunStartWindow { get; set; }

    private long WindowCount { get; set; }

    private DateTimeOffset WindowFirstWall { get; set; }

    private DateTimeOffset WindowLastWall { get; set; }

    private TimeSpan? WindowFirstArrivedAt { get; set; }

    private TimeSpan GapSeenAt { get; set; }

    /// <summary>Folds one digest window's count for the fingerprint in.</summary>
    public void Observe(
        long count, int levelIndex, TimeSpan now, DateTimeOffset firstSeen, DateTimeOffset lastSeen, long window, TimeSpan? firstArrivedAt = null, TimeSpan? lastArrivedAt = null)
    {
        if (window != Window)
        {
            // A run of consecutive windows: only its first window may have begun part-way (see RateIn).
            RunStartWindow = Window == window - 1 ? RunStartWindow : window;
            Window = window;
            WindowCount = 0;
            WindowFirstWall = firstSeen;
            WindowLastWall = lastSeen;
            WindowFirstArrivedAt = firstArrivedAt;
        }
        else
        {
            // The entry's constructor opened this window without an arrival time: the first observation brings it.
            WindowFirstArrivedAt = WindowFirstArrivedAt is { } known && !(firstArrivedAt < known) ? known : firstArrivedAt;
            WindowFirstWall = firstSeen < WindowFirstWall ? firstSeen : WindowFirstWall;
            WindowLastWall = lastSeen > WindowLastWall ? lastSeen : WindowLastWall;
        }

        // Silence is measured between arrivals when they are known: the observations come a window apart, and a
        // window as long as QuietAfter must not look like a gap.
        var gap = (firstArrivedAt ?? now) - LastSeen;
        if (gap > LongestGap)
        {
            LongestGap = gap;
            GapSeenAt = now;
        }

        if (_phase == Phase.Quieted)
        {
            _phase = Phase.Returned;
            EpisodeStart = now;
            EpisodeStartWall = firstSeen;
            EpisodeTotal = 0;
        }

        Total += count;
        EpisodeTotal += count;
        WindowCount += count;
        var arrived = lastArrivedAt ?? now;
        LastSeen = arrived > LastSeen ? arrived : LastSeen;
        LastSeenWall = lastSeen > LastSeenWall ? lastSeen : LastSeenWall;
        UntoldLevel = Math.Max(UntoldLevel, levelIndex);
    }

    /// <summary>
    /// Events per second in the memory's current window, 0 when not seen in it. The first window of a run is
    /// measured over the group's own first-to-last span in it: a group that began late in a window is not slow.
    /// </summary>
    public double RateIn(long window, TimeSpan windowLength)
    {
        if (Window != window || WindowCount == 0)
        {
            return 0;
        }

        var span = windowLength;
        if (RunStartWindow == Window)
        {
            // When the events arrived (the caller's monotonic clock) when known: event timestamps can be skewed or
            // set by the app; otherwise their first-to-last span.
            var own = WindowFirstArrivedAt is { } arrived ? LastSeen - arrived : WindowLastWall - WindowFirstWall;
            span = own < span ? own : span;
        }

        return WindowCount / (span < MinimumRateSpan ? MinimumRateSpan : span).TotalSeconds;
    }

    /// <summary>The events counted in the memory's current window; 0 when not seen in it.</summary>
    public long CountIn(long window) => Window == window ? WindowCount : 0;

    /// <summary>
    /// Takes in what the fleet knows of the fingerprint (fleet mode): the latest sighting and telling by any replica
    /// become this entry's, so a group another replica told is ongoing here, not new, and a quiet or a repeat is told once.
    /// </summary>
    /// <param name="fleet">The fleet's record, read before this replica's sighting was added.</param>
    /// <param name="now">The caller's monotonic now (the record's ages are placed on it).</param>
    /// <param name="wallNow">The wall clock now: a sighting shown to people ("quiet since T") is now minus its age.</param>
    /// <param name="quietAfter">The silence after which a group is quiet.</param>
    /// <param name="observedNow">The entry was just created by this window's observation (after it); otherwise merged before it.</param>
    public void MergeFleet(in FleetAlertRecord fleet, TimeSpan now, DateTimeOffset wallNow, TimeSpan quietAfter, bool observedNow)
    {
        if (fleet.Replicas > 0)
        {
            FleetReplicas = fleet.Replicas;
            FleetReplicaNames = fleet.ReplicaNames;
        }

        if (fleet.FleetEvents > 0)
        {
            FleetEvents = fleet.FleetEvents;
        }

        var fleetSeenAt = fleet.SinceSeen is { } sinceSeen ? now - sinceSeen : (TimeSpan?)null;

        // A quiet the fleet told after its last sighting: the group stopped for everyone, and anything now is a return.
        var fleetQuiet = fleet.SinceQuietTold is { } sinceQuiet && (fleetSeenAt is not { } seen || now - sinceQuiet >= seen);
        if (!observedNow && fleetSeenAt > LastSeen)
        {
            // Before this window's observation, so that its gap is measured from the fleet's last sighting; and a quiet
            // is "since" the fleet's last sighting, not this replica's.
            LastSeen = fleetSeenAt.Value;
            var seenWall = wallNow - fleet.SinceSeen!.Value;
            LastSeenWall = seenWall > LastSeenWall ? seenWall : LastSeenWall;
        }

        var firstNews = !Notified;
        if (fleet.SinceNotified is { } sinceNotified && (firstNews || now - sinceNotified > NotifiedAt))
        {
            Notified = true;
            NotifiedAt = now - sinceNotified;
            // No level: another replica has claimed the telling of a new group; it tells the level this one sees.
            var toldLevel = fleet.NotifiedLevel >= 0 ? fleet.NotifiedLevel : Math.Max(UntoldLevel, 0);
            NotifiedLevel = firstNews ? toldLevel : Math.Max(NotifiedLevel, toldLevel);
            NotifiedRate = fleet.NotifiedRate;
            if (firstNews && observedNow && fleet.EpisodeStartWall is { } since && since < EpisodeStartWall)
            {
                EpisodeStartWall = since;
            }
        }

        if (!Notified || _phase != Phase.Active)
        {
            return;
        }

        if (!observedNow && fleetQuiet)
        {
            _phase = Phase.Quieted;
        }
        else if (observedNow && firstNews && (fleetQuiet || (fleetSeenAt is { } lastSeen && FirstSeen - lastSeen >= quietAfter)))
        {
            // New here, but the fleet told it and then it stopped: it is back.
            _phase = Phase.Returned;
            EpisodeStart = FirstSeen;
        }
    }

    /// <summary>
    /// Records that a digest carrying <paramref name="verdict"/> (decided at <paramref name="decidedAt"/>) was
    /// accepted at <paramref name="now"/>. What was observed after the decision stays untold.
    /// </summary>
    public void Record(AlertVerdict verdict, TimeSpan decidedAt, TimeSpan now)
    {
        Told = Math.Max(Told, verdict.Total);
        var observedSince = LastSeen > decidedAt;
        if (!observedSince)
        {
            UntoldLevel = -1;
        }

        if (GapSeenAt <= decidedAt)
        {
            LongestGap = TimeSpan.Zero;
        }

        if (verdict.State == AlertState.Quiet)
        {
            // Returned while the quiet was on its way: the return is told as back (the gap says so).
            _phase = observedSince ? Phase.Active : Phase.Quieted;
            return;
        }

        if (!verdict.IsFull)
        {
            return;
        }

        var fresh = !Notified || verdict.State == AlertState.Back;
        Notified = true;
        NotifiedAt = now;
        NotifiedLevel = fresh ? verdict.LevelIndex : Math.Max(NotifiedLevel, verdict.LevelIndex);
        NotifiedRate = verdict.Rate > 0 || fresh ? verdict.Rate : NotifiedRate;
        _phase = Phase.Active;
    }
}
