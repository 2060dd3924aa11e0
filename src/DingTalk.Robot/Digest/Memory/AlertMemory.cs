namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// The state of every alert group across digests, in bounded memory: per fingerprint, when it was first and last
/// seen, its total, and what was last told about it and when (Alertmanager's notification log, kept in process).
/// </summary>
/// <remarks>
/// <para>
/// Per digest window: <see cref="Observe"/> each group of the batch, then <see cref="Decide"/>; send the digest only
/// when <see cref="AlertDecision.ShouldSend"/> (counts of groups that ride along stay untold until a digest goes out);
/// and <see cref="Commit"/> only when the robot accepted it, so a failed send is retold (Alertmanager records a
/// notification only after it was delivered). Call <see cref="Decide"/> also when a window had no events, at least
/// by <see cref="NextChangeAt"/>: silence is what makes a group quiet.
/// </para>
/// <para>
/// No clock inside: every time is the caller's monotonic clock, so it can be driven by a fake one, and wall times are
/// only carried for people. At most <see cref="MaxTrackedFingerprints"/> are kept; the least recently seen is
/// forgotten first, and its untold events are still counted (<see cref="AlertDecision.ForgottenEvents"/>). Not
/// thread-safe: the digest loop owns it.
/// </para>
/// </remarks>
internal sealed class AlertMemory
{
    private readonly Dictionary<AlertFingerprint, LinkedListNode<AlertEntry>> _entries = new();

    // Most recently seen first: the tail is the next to be forgotten.
    private readonly LinkedList<AlertEntry> _recent = new();

    // Windows are numbered by the distinct times of Observe: one per digest window.
    private long _window;
    private TimeSpan _windowStart;
    private TimeSpan _windowEnd;
    private long _forgotten;

    /// <summary>Creates an empty memory.</summary>
    /// <param name="start">The caller's monotonic time when observing began: the start of the first window.</param>
    /// <param name="maxTrackedFingerprints">The most fingerprints kept (at least 1).</param>
    public AlertMemory(TimeSpan start, int maxTrackedFingerprints = AlertMemoryOptions.DefaultMaxTrackedFingerprints)
    {
        _windowStart = _windowEnd = start;
        MaxTrackedFingerprints = Math.Max(1, maxTrackedFingerprints);
    }

    /// <summary>The most fingerprints kept.</summary>
    public int MaxTrackedFingerprints { get; }

    /// <summary>The fingerprints kept now.</summary>
    public int Count => _entries.Count;

    /// <summary>The fingerprints forgotten to stay within <see cref="MaxTrackedFingerprints"/>, ever.</summary>
    public long Evictions { get; private set; }

    /// <summary>Folds one group of a digest window in.</summary>
    /// <param name="fingerprint">The group's fingerprint.</param>
    /// <param name="count">Its events in the window; nothing happens for 0 or less.</param>
    /// <param name="worstLevel">The worst level among them.</param>
    /// <param name="now">The caller's monotonic now, the same for all groups of one window.</param>
    /// <param name="firstSeen">Its first event's timestamp in the window (wall clock, for people).</param>
    /// <param name="lastSeen">Its last event's timestamp in the window (wall clock, for people).</param>
    /// <param name="label">What a digest calls the group when it has no events in the batch (its template); kept from the first observation.</param>
    /// <param name="firstArrivedAt">When the first of these events reached the caller (its monotonic clock), if known: a better start for a rate than an event's own timestamp.</param>
    /// <param name="lastArrivedAt">When the last of them did, if known: silence is measured from it (otherwise from <paramref name="now"/>).</param>
    public void Observe(
        AlertFingerprint fingerprint, long count, DigestLevel worstLevel, TimeSpan now, DateTimeOffset firstSeen, DateTimeOffset lastSeen, string? label = null, TimeSpan? firstArrivedAt = null, TimeSpan? lastArrivedAt = null)
    {
        if (count <= 0)
        {
            return;
        }

        if (now > _windowEnd)
        {
            _windowStart = _windowEnd;
            _windowEnd = now;
            _window++;
        }

        if (_entries.TryGetValue(fingerprint, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
        }
        else
        {
            node = _recent.AddFirst(new AlertEntry(fingerprint, firstArrivedAt ?? now, firstSeen, lastSeen, _window, label));
            _entries.Add(fingerprint, node);
            while (_entries.Count > MaxTrackedFingerprints)
            {
                Forget(_recent.Last!);
            }
        }

        node.Value.Observe(count, DigestLevelText.Index(worstLevel), now, firstSeen, lastSeen, _window, firstArrivedAt, lastArrivedAt);
    }

    /// <summary>Whether <paramref name="fingerprint"/> is kept.</summary>
    public bool Contains(AlertFingerprint fingerprint) => _entries.ContainsKey(fingerprint);

    /// <summary>The entry of <paramref name="fingerprint"/>, if kept.</summary>
    public bool TryGet(AlertFingerprint fingerprint, out AlertEntry entry)
    {
        if (_entries.TryGetValue(fingerprint, out var node))
        {
            entry = node.Value;
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Takes in what the fleet knows of a kept fingerprint (see <see cref="AlertEntry.MergeFleet"/>); nothing for one not kept.</summary>
    public void MergeFleet(AlertFingerprint fingerprint, in FleetAlertRecord fleet, TimeSpan now, DateTimeOffset wallNow, TimeSpan quietAfter, bool observedNow)
    {
        if (_entries.TryGetValue(fingerprint, out var node))
        {
            node.Value.MergeFleet(fleet, now, wallNow, quietAfter, observedNow);
        }
    }

    /// <summary>The entries told in full, most recently seen first, at most <paramref name="max"/>.</summary>
    public List<AlertEntry> Told(int max)
    {
        var told = new List<AlertEntry>();
        for (var node = _recent.First; node is not null && told.Count < max; node = node.Next)
        {
            if (node.Value.Notified)
            {
                told.Add(node.Value);
            }
        }

        return told;
    }

    /// <summary>
    /// The fingerprints about to be told without a new event — going quiet, or due for their repeat — whose fleet
    /// record may change that (another replica still sees them, or has just told them).
    /// </summary>
    public List<AlertFingerprint> FleetCandidates(TimeSpan now, AlertMemoryOptions options)
    {
        var candidates = new List<AlertFingerprint>();
        foreach (var entry in _recent)
        {
            if (entry.Notified && !entry.QuietTold
                && (now - entry.LastSeen >= options.QuietAfter || (entry.Total > entry.Told && now - entry.NotifiedAt >= options.RepeatInterval)))
            {
                candidates.Add(entry.Fingerprint);
            }
        }

        return candidates;
    }

    /// <summary>What the next digest should say about each group, and whether it is worth sending. Changes nothing.</summary>
    public AlertDecision Decide(TimeSpan now, AlertMemoryOptions options)
    {
        var windowLength = _windowEnd - _windowStart;
        var verdicts = new List<AlertVerdict>();
        foreach (var entry in _recent)
        {
            var verdict = AlertRules.Judge(entry, now, _window, windowLength, options);
            if (verdict is not null)
            {
                verdicts.Add(verdict);
            }
        }

        return new AlertDecision(now, verdicts, _forgotten);
    }

    /// <summary>Records that the digest told as <paramref name="decision"/> says was accepted at <paramref name="now"/>. Once per decision.</summary>
    public void Commit(AlertDecision decision, TimeSpan now)
    {
        if (decision.Committed)
        {
            return;
        }

        decision.Committed = true;
        foreach (var verdict in decision.Verdicts)
        {
            // A fingerprint forgotten since the decision has nothing left to record.
            if (_entries.TryGetValue(verdict.Fingerprint, out var node))
            {
                node.Value.Record(verdict, decision.DecidedAt, now);
            }
        }

        _forgotten = Math.Max(0, _forgotten - decision.ForgottenEvents);
    }

    /// <summary>
    /// The earliest time at which <see cref="Decide"/> would have something new to say without any new event (a group
    /// going quiet, an ongoing one due for its repeat), or <see langword="null"/> for none.
    /// </summary>
    public TimeSpan? NextChangeAt(AlertMemoryOptions options)
    {
        TimeSpan? next = null;
        foreach (var entry in _recent)
        {
            if (!entry.Notified)
            {
                continue;
            }

            if (!entry.QuietTold)
            {
                next = Earlier(next, entry.LastSeen + options.QuietAfter);
            }

            if (entry.Total > entry.Told)
            {
                next = Earlier(next, entry.NotifiedAt + options.RepeatInterval);
            }
        }

        return next;
    }

    private static TimeSpan Earlier(TimeSpan? a, TimeSpan b) => a is { } x && x <= b ? x : b;

    private void Forget(LinkedListNode<AlertEntry> node)
    {
        _recent.Remove(node);
        _entries.Remove(node.Value.Fingerprint);
        _forgotten += node.Value.Total - node.Value.Told;
        Evictions++;
    }
}
