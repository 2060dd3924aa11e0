namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// The digest loop's batch: events fold into it one by one, grouped by message template, until a digest goes out.
/// Memory is bounded by <see cref="DigestBatchLimits"/> however many events arrive; every count stays exact.
/// Not thread-safe: the digest loop is its only user.
/// </summary>
/// <typeparam name="TEvent">
/// The front end's event. A group keeps a few of them unrendered as examples; <c>DigestContent.From</c> renders the
/// ones a digest shows, through the front end's <see cref="DigestEventReader{TEvent}"/>.
/// </typeparam>
/// <remarks>
/// Beyond <see cref="DigestBatchLimits.MaxGroups"/> templates, new templates are only counted per level ("other
/// messages"), unless one is worse than the mildest group, which it evicts (<see cref="BatchGroups{TEvent}"/>): the
/// evicted group's counts move to the other tally.
/// </remarks>
internal sealed class DigestBatch<TEvent>
{
    private readonly BatchGroups<TEvent> _groups;
    private readonly long[] _levelCounts = new long[DigestLevelText.Count];
    private readonly BatchLosses _losses;
    private int _maxLevelIndex = -1;

    /// <param name="limits">How much the batch keeps.</param>
    public DigestBatch(DigestBatchLimits? limits = null)
    {
        limits ??= DigestBatchLimits.Default;
        _groups = new BatchGroups<TEvent>(Math.Max(1, limits.MaxGroups), Math.Max(1, limits.ExamplesPerGroup), Math.Max(0, limits.SourcesPerGroup));
        _losses = new BatchLosses(limits.UndeliveredNotes);
    }

    /// <summary>The most templates tracked as groups.</summary>
    public int MaxGroups => _groups.MaxGroups;

    /// <summary>
    /// When the events being folded now arrived, on the digest loop's monotonic clock (set by the loop before each
    /// round): the alert memory measures rates on it rather than on event timestamps.
    /// </summary>
    public TimeSpan FoldingAt { get; set; }

    /// <summary>The number of events folded in.</summary>
    public long EventCount { get; private set; }

    /// <summary>No events, no drops and no undelivered notes: nothing to send.</summary>
    public bool IsEmpty => EventCount == 0 && !_losses.Any;

    /// <summary>The worst level folded in, or <see langword="null"/> when there are no events.</summary>
    public DigestLevel? MaxLevel => _maxLevelIndex < 0 ? null : (DigestLevel)_maxLevelIndex;

    /// <summary>The earliest event timestamp, in that event's own offset.</summary>
    public DateTimeOffset? FirstTimestamp { get; private set; }

    /// <summary>The latest event timestamp, in that event's own offset.</summary>
    public DateTimeOffset? LastTimestamp { get; private set; }

    /// <summary>Events dropped before they reached the batch, whatever the reason.</summary>
    public long Dropped => _losses.Dropped;

    /// <summary>Earlier digests given up after their retries.</summary>
    public long UndeliveredDigests => _losses.UndeliveredDigests;

    /// <summary>The events those digests carried.</summary>
    public long UndeliveredEvents => _losses.UndeliveredEvents;

    /// <summary>The first few undelivered digests, word for word.</summary>
    public IReadOnlyList<UndeliveredNote> UndeliveredNotes => _losses.UndeliveredNotes;

    /// <summary>Why the last of those noted digests was not delivered; <see langword="null"/> when none is noted.</summary>
    public string? LastUndeliveredReason => UndeliveredNotes.Count > 0 ? UndeliveredNotes[UndeliveredNotes.Count - 1].Reason : null;

    /// <summary>The groups, in no particular order.</summary>
    public IReadOnlyList<DigestGroup<TEvent>> Groups => _groups.Groups;

    /// <summary>Events whose template is not tracked as a group.</summary>
    public long OtherCount => _groups.OtherCount;

    /// <summary>The number of events of <paramref name="level"/>.</summary>
    public long CountOf(DigestLevel level) => _levelCounts[DigestLevelText.Index(level)];

    /// <summary>Events dropped for <paramref name="reason"/>.</summary>
    public long DroppedFor(DropReason reason) => _losses.DroppedFor(reason);

    /// <summary>Undelivered digests beyond <see cref="UndeliveredNotes"/>, by outcome.</summary>
    public UndeliveredTally UndeliveredBeyondNotes(bool outcomeUnknown) => _losses.UndeliveredBeyondNotes(outcomeUnknown);

    /// <summary>Folds an event in. O(1) amortized; never throws.</summary>
    public void Add(in FoldedEvent<TEvent> e) => Fold(e, unreadable: null);

    /// <summary>
    /// Counts an event whose reader threw: an Error in the "An event could not be read" group, with
    /// <paramref name="description"/> as its example. Never throws.
    /// </summary>
    /// <param name="at">When the digest loop tried to read it.</param>
    /// <param name="description">What went wrong, free of secrets.</param>
    public void AddUnreadable(DateTimeOffset at, string description)
    {
        // The group's template is the heading the digest shows for it: a phrase of the digest's wording.
        var e = new FoldedEvent<TEvent>(at, DigestLevel.Error, Markdown.DigestWording.UnreadableEventTemplate, null, null, default!);
        Fold(e, new UnreadableEvent(at, description ?? string.Empty));
    }

    /// <summary>Counts events dropped before they reached the batch.</summary>
    public void AddDropped(long count, DropReason reason) => _losses.AddDropped(count, reason);

    /// <summary>
    /// Counts events of <paramref name="level"/> that the full queue refused and that could not be attributed to a
    /// template (<c>DropTally</c>): dropped for <see cref="DropReason.QueueFull"/>, with their level.
    /// </summary>
    public void AddDropped(DigestLevel level, long count) => _losses.AddDropped(level, count);

    /// <summary>
    /// Adds <paramref name="count"/> events of <paramref name="template"/> at <paramref name="level"/> that the full
    /// queue refused (<c>DropTally</c>) to the template's group — the same group its queued events make, found by the
    /// same ordinal lookup — without examples, sources or exception: only queued events have those. They count as
    /// events of the batch; with no timestamp of their own, they are placed at <paramref name="at"/> (when the loop
    /// took them, soon after they were logged). Never throws.
    /// </summary>
    public void AddUncollected(string template, DigestLevel level, long count, DateTimeOffset at)
    {
        if (count > 0)
        {
            Uncollected = Saturating.Add(Uncollected, count);
            AddCounted(template, userFingerprint: null, level, count, at);
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> events of <paramref name="level"/> to the group of <paramref name="template"/> (or
    /// of <paramref name="userFingerprint"/>), without examples: counts another replica relayed (beyond its examples),
    /// or the full queue's tally (<see cref="AddUncollected"/>). Placed at <paramref name="at"/>. Never throws.
    /// </summary>
    /// <returns>The group, or <see langword="null"/> when the events were counted with the others.</returns>
    public DigestGroup<TEvent>? AddCounted(string template, string? userFingerprint, DigestLevel level, long count, DateTimeOffset at)
    {
        if (count <= 0)
        {
            return null;
        }

        var index = DigestLevelText.Index(level);
        EventCount = Saturating.Add(EventCount, count);
        _levelCounts[index] = Saturating.Add(_levelCounts[index], count);
        if (index > _maxLevelIndex)
        {
            _maxLevelIndex = index;
        }

        if (FirstTimestamp is not { } first || at < first)
        {
            FirstTimestamp = at;
        }

        if (LastTimestamp is not { } last || at > last)
        {
            LastTimestamp = at;
        }

        try
        {
            var group = _groups.For(template ?? string.Empty, userFingerprint, index);
            if (group is not null)
            {
                group.AddUncollected(count, index, at, FoldingAt);
                return group;
            }
        }
        catch (Exception)
        {
            // Only an out-of-memory could get here; the events stay counted, just not grouped.
        }

        _groups.CountOther(index, count);
        return null;
    }

    /// <summary>Counts <paramref name="count"/> events of <paramref name="level"/> that another replica's batch held in no group.</summary>
    public void AddOther(DigestLevel level, long count)
    {
        if (count > 0)
        {
            var index = DigestLevelText.Index(level);
            EventCount = Saturating.Add(EventCount, count);
            _levelCounts[index] = Saturating.Add(_levelCounts[index], count);
            _maxLevelIndex = Math.Max(_maxLevelIndex, index);
            _groups.CountOther(index, count);
        }
    }

    /// <summary>The group of <paramref name="template"/> (or of <paramref name="userFingerprint"/>), if the batch holds one.</summary>
    public DigestGroup<TEvent>? FindGroup(string template, string? userFingerprint) => _groups.Find(template, userFingerprint);

    /// <summary>The events counted in their groups without details because the queue was full (see <see cref="AddUncollected"/>).</summary>
    public long Uncollected { get; private set; }

    /// <summary>Notes an earlier digest that was given up.</summary>
    /// <param name="events">The events it carried.</param>
    /// <param name="reason">Why, free of secrets.</param>
    /// <param name="outcomeUnknown">Its last attempt got no answer: it may have been delivered after all.</param>
    public void AddUndelivered(long events, string reason, bool outcomeUnknown) => _losses.AddUndelivered(events, reason, outcomeUnknown);

    /// <summary>
    /// The batch's numbers and strings, for a digest that must not touch user objects (the counts-only digest). Reads
    /// nothing but the batch's own fields: no event, no exception, no reader.
    /// </summary>
    /// <param name="story">What the digest tells across digests (its verdicts are on the groups), or <see langword="null"/>.</param>
    public DigestSummary Summarize(Memory.DigestStory? story = null) => DigestSummary.Of(this, GroupsByPriority(), story);

    /// <summary>Drops or undelivered digests to report: a digest goes out for them even when the story has nothing new.</summary>
    public bool HasLossNotes => _losses.Any;

    /// <summary>The groups in the order a digest shows them (<see cref="GroupPriority"/>); a new array each time.</summary>
    public DigestGroup<TEvent>[] GroupsByPriority() => _groups.InPriorityOrder();

    /// <summary>Forgets everything, keeping the allocated capacity for the next batch.</summary>
    public void Clear()
    {
        _groups.Clear();
        _losses.Clear();
        Array.Clear(_levelCounts, 0, _levelCounts.Length);
        EventCount = 0;
        Uncollected = 0;
        FirstTimestamp = null;
        LastTimestamp = null;
        _maxLevelIndex = -1;
    }

    internal long[] CopyLevelCounts() => (long[])_levelCounts.Clone();

    internal long[] CopyOtherCounts() => _groups.CopyOtherCounts();

    internal long[] CopyDroppedQueueFullLevels() => _losses.CopyDroppedQueueFullLevels();

    private void Fold(in FoldedEvent<TEvent> e, UnreadableEvent? unreadable)
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
            AddToGroup(e, level, unreadable);
        }
        catch (Exception)
        {
            // Only an out-of-memory could get here; the event stays counted, just not grouped.
            _groups.CountOther(level);
        }
    }

    private void AddToGroup(in FoldedEvent<TEvent> e, int level, UnreadableEvent? unreadable)
    {
        if (_groups.For(e.Template, e.UserFingerprint, level) is { } group)
        {
            group.Add(e, level, unreadable, FoldingAt);
            return;
        }

        _groups.CountOther(level);
    }
}
