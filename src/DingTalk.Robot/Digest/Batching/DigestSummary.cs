namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// A batch's numbers and strings, copied: the levels, the groups' templates and counts in priority order, the drops,
/// the undelivered notes and the time window. Nothing in it refers to an event, an exception or any other user
/// object, so a digest can be made from it (<c>MarkdownDigestFormatter.FormatCountsOnly</c>) even while user code
/// hangs. Taken with <see cref="DigestBatch{TEvent}.Summarize"/>.
/// </summary>
internal sealed class DigestSummary
{
    private static readonly long[] NoCounts = new long[DigestLevelText.Count];

    private DigestSummary(
        long eventCount,
        long[] levelCounts,
        DigestLevel? maxLevel,
        IReadOnlyList<GroupSummary> groups,
        long otherCount,
        long[] otherCounts,
        int maxGroups,
        long droppedQueueFull,
        long droppedClosing,
        long[] droppedQueueFullLevels,
        long uncollected,
        IReadOnlyList<UndeliveredNote> undeliveredNotes,
        UndeliveredTally moreFailed,
        UndeliveredTally moreOutcomeUnknown,
        long undeliveredDigests,
        long undeliveredEvents,
        DateTimeOffset? firstTimestamp,
        DateTimeOffset? lastTimestamp,
        Memory.DigestStory? story)
    {
        Story = story;
        EventCount = eventCount;
        LevelCounts = levelCounts;
        MaxLevel = maxLevel;
        Groups = groups;
        OtherCount = otherCount;
        OtherCounts = otherCounts;
        MaxGroups = maxGroups;
        DroppedQueueFull = droppedQueueFull;
        DroppedClosing = droppedClosing;
        DroppedQueueFullLevels = droppedQueueFullLevels;
        Uncollected = uncollected;
        UndeliveredNotes = undeliveredNotes;
        MoreFailed = moreFailed;
        MoreOutcomeUnknown = moreOutcomeUnknown;
        UndeliveredDigests = undeliveredDigests;
        UndeliveredEvents = undeliveredEvents;
        FirstTimestamp = firstTimestamp;
        LastTimestamp = lastTimestamp;
    }

    /// <summary>A summary of nothing: no events, drops or notes.</summary>
    public static DigestSummary Empty { get; } = new(
        0, NoCounts, null, Array.Empty<GroupSummary>(), 0, NoCounts, 0, 0, 0, NoCounts, 0, Array.Empty<UndeliveredNote>(), default, default, 0, 0, null, null, null);

    /// <summary>What the digest tells across digests (alert memory), or <see langword="null"/> without it.</summary>
    public Memory.DigestStory? Story { get; }

    /// <summary>The number of events folded in.</summary>
    public long EventCount { get; }

    /// <summary>The number of events per level index (0 … 5).</summary>
    public IReadOnlyList<long> LevelCounts { get; }

    /// <summary>The worst level, or <see langword="null"/> when there are no events.</summary>
    public DigestLevel? MaxLevel { get; }

    /// <summary>The groups, worst first (<see cref="GroupPriority"/>).</summary>
    public IReadOnlyList<GroupSummary> Groups { get; }

    /// <summary>Events whose template is not tracked as a group.</summary>
    public long OtherCount { get; }

    /// <summary>Those events per level index.</summary>
    public IReadOnlyList<long> OtherCounts { get; }

    /// <summary>The most templates the batch tracks as groups (the digest says "more than N distinct messages").</summary>
    public int MaxGroups { get; }

    /// <summary>Events dropped because the queue was full.</summary>
    public long DroppedQueueFull { get; }

    /// <summary>Events dropped because the logger was closing.</summary>
    public long DroppedClosing { get; }

    /// <summary>
    /// Of <see cref="DroppedQueueFull"/>, those whose level is known, per level index (a template slot could not hold
    /// them); the rest came without a level.
    /// </summary>
    public IReadOnlyList<long> DroppedQueueFullLevels { get; }

    /// <summary>Events the full queue refused that are counted in their groups, without details (included in <see cref="EventCount"/>).</summary>
    public long Uncollected { get; }

    /// <summary>All dropped events.</summary>
    public long Dropped => Saturating.Add(DroppedQueueFull, DroppedClosing);

    /// <summary>The first few undelivered digests, word for word.</summary>
    public IReadOnlyList<UndeliveredNote> UndeliveredNotes { get; }

    /// <summary>Undelivered digests beyond the notes that could not be delivered.</summary>
    public UndeliveredTally MoreFailed { get; }

    /// <summary>Undelivered digests beyond the notes whose last attempt went unanswered.</summary>
    public UndeliveredTally MoreOutcomeUnknown { get; }

    /// <summary>All undelivered digests.</summary>
    public long UndeliveredDigests { get; }

    /// <summary>The events all undelivered digests carried.</summary>
    public long UndeliveredEvents { get; }

    /// <summary>The earliest event timestamp, in that event's own offset.</summary>
    public DateTimeOffset? FirstTimestamp { get; }

    /// <summary>The latest event timestamp, in that event's own offset.</summary>
    public DateTimeOffset? LastTimestamp { get; }

    /// <summary>Reads <paramref name="batch"/>'s own numbers and strings, with its groups in <paramref name="byPriority"/> order.</summary>
    internal static DigestSummary Of<TEvent>(DigestBatch<TEvent> batch, IReadOnlyList<DigestGroup<TEvent>> byPriority, Memory.DigestStory? story)
    {
        var groups = new GroupSummary[byPriority.Count];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = byPriority[i].Summarize();
        }

        return new DigestSummary(
            batch.EventCount,
            batch.CopyLevelCounts(),
            batch.MaxLevel,
            groups,
            batch.OtherCount,
            batch.CopyOtherCounts(),
            batch.MaxGroups,
            batch.DroppedFor(DropReason.QueueFull),
            batch.DroppedFor(DropReason.Closing),
            batch.CopyDroppedQueueFullLevels(),
            batch.Uncollected,
            batch.UndeliveredNotes.ToArray(),
            batch.UndeliveredBeyondNotes(outcomeUnknown: false),
            batch.UndeliveredBeyondNotes(outcomeUnknown: true),
            batch.UndeliveredDigests,
            batch.UndeliveredEvents,
            batch.FirstTimestamp,
            batch.LastTimestamp,
            story);
    }
}
