namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// The events of one batch that share a message template: exact counts, and a bounded sample (the first examples
/// and the latest one, the first exception, a few sources) so its memory does not grow with the count.
/// </summary>
/// <typeparam name="TEvent">The front end's event, kept unrendered as an example.</typeparam>
internal sealed class DigestGroup<TEvent>
{
    private readonly TEvent[] _examples;
    private readonly string[] _sources;
    private readonly long[] _levelCounts = new long[DigestLevelText.Count];
    private int _exampleCount;
    private int _sourceCount;

    // What the alert memory has been told of the group (see TakeUnobserved): allocated at the first observation.
    private long[]? _observedLevelCounts;
    private long _observedCount;
    private DateTimeOffset _unobservedFirstSeen;
    private TimeSpan _unobservedFirstFoldedAt;
    private TimeSpan _lastFoldedAt;

    // What is known of the examples that could not be read, slot by slot; allocated only in a group that has one. Kept
    // apart from the events, not in a struct beside each one: storing a generic struct per event made folding a flood
    // a third slower (measured), and only the "could not be read" group ever needs it.
    private UnreadableEvent?[]? _unreadable;

    public DigestGroup(string template, int examples, int sources, string? userFingerprint = null)
    {
        Template = template;
        UserFingerprint = userFingerprint;
        _examples = new TEvent[Math.Max(1, examples)];
        _sources = new string[Math.Max(0, sources)];
    }

    /// <summary>The message template shared by the group's events (compared ordinally).</summary>
    public string Template { get; }

    /// <summary>The user's own fingerprint shared by the group's events (a <c>Fingerprint</c> property), or <see langword="null"/>.</summary>
    public string? UserFingerprint { get; }

    /// <summary>The group's alert fingerprint, once the alert memory has taken it (it reads the first exception once).</summary>
    public Memory.AlertFingerprint? Fingerprint { get; set; }

    /// <summary>What the digest says about the group across digests (the alert memory's verdict), or <see langword="null"/>.</summary>
    public Memory.AlertVerdict? Verdict { get; set; }

    /// <summary>The number of events in the group.</summary>
    public long Count { get; private set; }

    /// <summary>The index (0 … 5) of the worst level in the group.</summary>
    public int MaxLevelIndex { get; private set; }

    /// <summary>The worst level in the group.</summary>
    public DigestLevel MaxLevel => (DigestLevel)MaxLevelIndex;

    /// <summary>The earliest event timestamp.</summary>
    public DateTimeOffset FirstSeen { get; private set; }

    /// <summary>The latest event timestamp.</summary>
    public DateTimeOffset LastSeen { get; private set; }

    /// <summary>The first exception any event of the group carried (a user object: only <c>DigestContent.From</c> reads it).</summary>
    public Exception? FirstException { get; private set; }

    /// <summary>The number of examples kept (at most the limit).</summary>
    public int ExampleCount => _exampleCount;

    /// <summary>The number of distinct sources kept.</summary>
    public int SourceCount => _sourceCount;

    /// <summary>Whether more distinct sources were seen than are kept.</summary>
    public bool MoreSources { get; private set; }

    /// <summary>The number of events of the level.</summary>
    public long CountOf(DigestLevel level) => _levelCounts[DigestLevelText.Index(level)];

    /// <summary>The example at <paramref name="index"/>, in arrival order (the last slot holds the latest arrival).</summary>
    public KeptExample<TEvent> GetExample(int index) => new(_examples[index], _unreadable?[index]);

    /// <summary>The source at <paramref name="index"/>, in order of first appearance.</summary>
    public string GetSource(int index) => _sources[index];

    /// <summary>The group's numbers and strings, copied: nothing in it refers to a user object.</summary>
    public GroupSummary Summarize() => new(Template, Count, MaxLevelIndex, (long[])_levelCounts.Clone(), FirstSeen, LastSeen, Verdict);

    /// <summary>Whether events were folded in since the last <see cref="TakeUnobserved"/>.</summary>
    public bool HasUnobserved => Count > _observedCount;

    /// <summary>The events folded in since the last <see cref="TakeUnobserved"/>.</summary>
    public long UnobservedCount => Count - _observedCount;

    /// <summary>
    /// The events folded in since the last call (the alert memory observes a batch that stays open across windows):
    /// their count, worst level index and first timestamp. False when there are none.
    /// </summary>
    public bool TakeUnobserved(out long count, out int worstLevelIndex, out DateTimeOffset firstSeen, out TimeSpan firstFoldedAt, out TimeSpan lastFoldedAt)
    {
        lastFoldedAt = _lastFoldedAt;
        count = Count - _observedCount;
        worstLevelIndex = -1;
        firstSeen = _observedCount == 0 ? FirstSeen : _unobservedFirstSeen;
        firstFoldedAt = _unobservedFirstFoldedAt;
        if (count <= 0)
        {
            return false;
        }

        var observed = _observedLevelCounts ??= new long[_levelCounts.Length];
        for (var i = 0; i < _levelCounts.Length; i++)
        {
            if (_levelCounts[i] > observed[i])
            {
                worstLevelIndex = i;
            }

            observed[i] = _levelCounts[i];
        }

        _observedCount = Count;
        return true;
    }

    /// <summary>Folds one event in. O(1): at most a few ordinal string comparisons for the sources.</summary>
    /// <param name="e">The event.</param>
    /// <param name="levelIndex">Its level, clamped to 0 … 5.</param>
    /// <param name="unreadable">Set when the event could not be read: kept as the example instead of the event.</param>
    /// <param name="foldedAt">When it is folded, on the loop's monotonic clock.</param>
    public void Add(in FoldedEvent<TEvent> e, int levelIndex, UnreadableEvent? unreadable, TimeSpan foldedAt = default)
    {
        if (Count == 0)
        {
            FirstSeen = e.Timestamp;
            LastSeen = e.Timestamp;
            MaxLevelIndex = levelIndex;
        }
        else
        {
            if (e.Timestamp < FirstSeen)
            {
                FirstSeen = e.Timestamp;
            }

            if (e.Timestamp > LastSeen)
            {
                LastSeen = e.Timestamp;
            }

            if (levelIndex > MaxLevelIndex)
            {
                MaxLevelIndex = levelIndex;
            }
        }

        if (Count == _observedCount)
        {
            // The first event since the alert memory last observed the group.
            _unobservedFirstSeen = e.Timestamp;
            _unobservedFirstFoldedAt = foldedAt;
        }

        _lastFoldedAt = foldedAt;
        Count++;
        _levelCounts[levelIndex]++;
        AddExample(e.Item, unreadable);
        AddSource(e.Source);
        if (FirstException is null && e.Exception is not null)
        {
            FirstException = e.Exception;
        }
    }

    /// <summary>
    /// Counts <paramref name="count"/> events of the group's template that the full queue refused: no example, source or
    /// exception (an event that was never queued has none, so the group's alert fingerprint comes from its template and
    /// the queued events' exception alone). In a group with no other events yet, <paramref name="at"/> stands in for
    /// their timestamps.
    /// </summary>
    public void AddUncollected(long count, int levelIndex, DateTimeOffset at, TimeSpan foldedAt = default)
    {
        if (Count == _observedCount)
        {
            // The first events since the alert memory last observed the group.
            _unobservedFirstSeen = at;
            _unobservedFirstFoldedAt = foldedAt;
        }

        if (Count == 0)
        {
            FirstSeen = at;
            LastSeen = at;
            MaxLevelIndex = levelIndex;
        }
        else if (levelIndex > MaxLevelIndex)
        {
            MaxLevelIndex = levelIndex;
        }

        _lastFoldedAt = foldedAt;
        Count = Saturating.Add(Count, count);
        _levelCounts[levelIndex] = Saturating.Add(_levelCounts[levelIndex], count);
    }

    /// <summary>
    /// The replicas whose relayed events the group holds (the fleet's digest; <see langword="null"/> in a replica's own
    /// batch), the first <see cref="MaxRelayedFrom"/> of them.
    /// </summary>
    public IReadOnlyList<string>? RelayedFrom => _relayedFrom;

    /// <summary>The most replica names a group keeps (the fleet's memory keeps the rest as a count).</summary>
    public const int MaxRelayedFrom = 64;

    private List<string>? _relayedFrom;

    /// <summary>Notes that <paramref name="replica"/> relayed events of this group.</summary>
    public void AddRelayedFrom(string replica)
    {
        var names = _relayedFrom ??= new List<string>(2);
        if (names.Count < MaxRelayedFrom && !names.Contains(replica, StringComparer.Ordinal))
        {
            names.Add(replica);
        }
    }

    /// <summary>Adds this group's count per level to <paramref name="counts"/> (when the group is evicted).</summary>
    public void AddLevelCountsTo(long[] counts)
    {
        for (var i = 0; i < _levelCounts.Length; i++)
        {
            counts[i] += _levelCounts[i];
        }
    }

    // The first (n - 1) examples stay; the last slot always holds the latest arrival, so the digest shows how the
    // problem started and what it looks like now. With a single slot the first example stays.
    private void AddExample(TEvent item, UnreadableEvent? unreadable)
    {
        int slot;
        if (_exampleCount < _examples.Length)
        {
            slot = _exampleCount++;
        }
        else if (_examples.Length > 1)
        {
            slot = _examples.Length - 1;
        }
        else
        {
            return;
        }

        _examples[slot] = item;
        if (unreadable is not null || _unreadable is not null)
        {
            (_unreadable ??= new UnreadableEvent?[_examples.Length])[slot] = unreadable;
        }
    }

    private void AddSource(string? source)
    {
        if (string.IsNullOrEmpty(source) || MoreSources && _sourceCount == _sources.Length)
        {
            return;
        }

        for (var i = 0; i < _sourceCount; i++)
        {
            if (string.Equals(_sources[i], source, StringComparison.Ordinal))
            {
                return;
            }
        }

        if (_sourceCount < _sources.Length)
        {
            _sources[_sourceCount++] = source!;
        }
        else
        {
            MoreSources = true;
        }
    }
}
