namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// The batching loop's batch: events fold into it one by one, grouped by message template, until a digest goes out.
/// Memory is bounded by <see cref="DigestBatchLimits"/> however many events arrive; every count stays exact.
/// Not thread-safe: the batching loop is its only user.
/// </summary>
/// <remarks>
/// Beyond <see cref="DigestBatchLimits.MaxGroups"/> templates, new templates are only counted per level ("other
/// messages") — except that a template worse than the mildest group evicts that group (its counts move to the other
/// tally), so a flood of distinct warnings cannot crowd out a fatal that arrives later. Each eviction raises the sum
/// of the groups' levels, so there are at most MaxGroups × 5 evictions per batch: Add stays O(1) amortized.
/// </remarks>
internal sealed class DigestBatch
{
    private readonly Dictionary<string, DigestGroup> _byTemplate = new(StringComparer.Ordinal);
    private readonly List<DigestGroup> _groups = new();
    private readonly long[] _levelCounts = new long[DigestLevelText.Count];
    private readonly long[] _otherCounts = new long[DigestLevelText.Count];
    private readonly List<UndeliveredNote> _undelivered = new();
    private readonly int _maxGroups;
    private readonly int _examples;
    private readonly int _sources;
    private readonly int _maxNotes;
    private readonly Func<object, DigestEvent>? _materialize;

    // A lower bound of the mildest group level: while a new template is no worse than this, it cannot evict anything
    // and the O(groups) search for a victim is skipped. It is refreshed whenever that search runs.
    private int _minGroupLevelBound;
    private int _maxLevelIndex = -1;

    // The last template looked up, by reference: a logging library hands out the same string for every event of a
    // template (Serilog's parsed-template cache, MEL's format string), so a flood of one template skips hashing it.
    // An eviction never leaves it stale: only a new group evicts, and the new group becomes the last one.
    private string? _lastTemplate;
    private DigestGroup? _lastGroup;

    /// <param name="limits">How much the batch keeps.</param>
    /// <param name="materialize">
    /// Turns a front end's event, kept as an example, into a <see cref="DigestEvent"/> when the digest shows it; not
    /// needed when only <see cref="DigestEvent"/>s are added.
    /// </param>
    public DigestBatch(DigestBatchLimits? limits = null, Func<object, DigestEvent>? materialize = null)
    {
        _materialize = materialize;
        limits ??= DigestBatchLimits.Default;
        _maxGroups = Math.Max(1, limits.MaxGroups);
        _examples = Math.Max(1, limits.ExamplesPerGroup);
        _sources = Math.Max(0, limits.SourcesPerGroup);
        _maxNotes = Math.Max(0, limits.UndeliveredNotes);
    }

    /// <summary>The most templates tracked as groups.</summary>
    public int MaxGroups => _maxGroups;

    /// <summary>The number of events folded in.</summary>
    public long EventCount { get; private set; }

    /// <summary>No events, no drops and no undelivered notes: nothing to send.</summary>
    public bool IsEmpty => EventCount == 0 && Dropped == 0 && UndeliveredDigests == 0;

    /// <summary>The worst level folded in, or <see langword="null"/> when there are no events.</summary>
    public DigestLevel? MaxLevel => _maxLevelIndex < 0 ? null : (DigestLevel)_maxLevelIndex;

    /// <summary>The earliest event timestamp, in that event's own offset.</summary>
    public DateTimeOffset? FirstTimestamp { get; private set; }

    /// <summary>The latest event timestamp, in that event's own offset.</summary>
    public DateTimeOffset? LastTimestamp { get; private set; }

    /// <summary>Events dropped before they reached the batch because the queue was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Earlier digests given up after their retries.</summary>
    public long UndeliveredDigests { get; private set; }

    /// <summary>The events those digests carried.</summary>
    public long UndeliveredEvents { get; private set; }

    /// <summary>The first few undelivered digests, word for word.</summary>
    public IReadOnlyList<UndeliveredNote> UndeliveredNotes => _undelivered;

    /// <summary>The groups, in no particular order.</summary>
    public IReadOnlyList<DigestGroup> Groups => _groups;

    /// <summary>Events whose template is not tracked as a group.</summary>
    public long OtherCount { get; private set; }

    /// <summary>The number of events per level index (0 … 5).</summary>
    internal long[] LevelCounts => _levelCounts;

    /// <summary>The number of untracked-template events per level index (0 … 5).</summary>
    internal long[] OtherCounts => _otherCounts;

    /// <summary>The number of events of <paramref name="level"/>.</summary>
    public long CountOf(DigestLevel level) => _levelCounts[DigestLevelText.Index(level)];

    /// <summary>Folds an event in. O(1) amortized; never throws (a <see langword="null"/> is ignored).</summary>
    public void Add(DigestEvent e)
    {
        if (e is not null)
        {
            Add(new FoldedEvent(e));
        }
    }

    /// <summary>Folds an event in from what grouping reads of it. O(1) amortized; never throws.</summary>
    public void Add(in FoldedEvent e)
    {
        var level = DigestLevelText.Index(e.Level);
        EventCount++;
        _levelCounts[level]++;
        if (level > _maxLevelIndex)
        {
            _maxLevelIndex = level;
        }

        var ts = e.Timestamp;
        if (FirstTimestamp is not { } first || ts < first)
        {
            FirstTimestamp = ts;
        }

        if (LastTimestamp is not { } last || ts > last)
        {
            LastTimestamp = ts;
        }

        try
        {
            AddToGroup(e, level);
        }
        catch (Exception)
        {
            // Only an out-of-memory could get here; the event stays counted, just not grouped.
            CountOther(level);
        }
    }

    /// <summary>Counts events the queue dropped because it was full.</summary>
    public void AddDropped(long count)
    {
        if (count > 0)
        {
            Dropped = SaturatingAdd(Dropped, count);
        }
    }

    /// <summary>Notes an earlier digest that could not be delivered after its retries.</summary>
    public void AddUndelivered(long events, string reason)
    {
        events = Math.Max(0, events);
        UndeliveredDigests++;
        UndeliveredEvents = SaturatingAdd(UndeliveredEvents, events);
        if (_undelivered.Count < _maxNotes)
        {
            _undelivered.Add(new UndeliveredNote(events, reason ?? string.Empty));
        }
    }

    /// <summary>Forgets everything, keeping the allocated capacity for the next batch.</summary>
    public void Clear()
    {
        _byTemplate.Clear();
        _lastTemplate = null;
        _lastGroup = null;
        _groups.Clear();
        _undelivered.Clear();
        Array.Clear(_levelCounts, 0, _levelCounts.Length);
        Array.Clear(_otherCounts, 0, _otherCounts.Length);
        EventCount = 0;
        OtherCount = 0;
        Dropped = 0;
        UndeliveredDigests = 0;
        UndeliveredEvents = 0;
        FirstTimestamp = null;
        LastTimestamp = null;
        _maxLevelIndex = -1;
        _minGroupLevelBound = 0;
    }

    private void AddToGroup(in FoldedEvent e, int level)
    {
        var template = e.Template;
        DigestGroup? group;
        if (ReferenceEquals(template, _lastTemplate))
        {
            group = _lastGroup!;
        }
        else if (!_byTemplate.TryGetValue(template, out group))
        {
            if (_groups.Count >= _maxGroups && (level <= _minGroupLevelBound || !TryEvict(level)))
            {
                CountOther(level);
                return;
            }

            group = new DigestGroup(template, _examples, _sources, _materialize);
            _byTemplate.Add(template, group);
            _groups.Add(group);
            if (_groups.Count == 1 || level < _minGroupLevelBound)
            {
                _minGroupLevelBound = level;
            }
        }

        _lastTemplate = template;
        _lastGroup = group;

        group.Add(e, level);
    }

    // Evicts the mildest, then smallest group when it is milder than the newcomer; its counts join the other tally.
    private bool TryEvict(int level)
    {
        var victimIndex = -1;
        for (var i = 0; i < _groups.Count; i++)
        {
            var g = _groups[i];
            if (victimIndex < 0
                || g.MaxLevelIndex < _groups[victimIndex].MaxLevelIndex
                || (g.MaxLevelIndex == _groups[victimIndex].MaxLevelIndex && g.Count < _groups[victimIndex].Count))
            {
                victimIndex = i;
            }
        }

        var victim = _groups[victimIndex];
        _minGroupLevelBound = victim.MaxLevelIndex;
        if (victim.MaxLevelIndex >= level)
        {
            return false;
        }

        var counts = victim.LevelCounts;
        for (var i = 0; i < counts.Length; i++)
        {
            _otherCounts[i] += counts[i];
        }

        OtherCount += victim.Count;
        _byTemplate.Remove(victim.Template);
        _groups.RemoveAt(victimIndex);
        return true;
    }

    private void CountOther(int level)
    {
        _otherCounts[level]++;
        OtherCount++;
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
