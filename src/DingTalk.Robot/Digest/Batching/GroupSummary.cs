namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// One group's numbers and its template, copied out of the batch: enough for a one-line entry in any digest, the
/// counts-only one included, without touching an event or an exception.
/// </summary>
internal sealed class GroupSummary
{
    private readonly long[] _levelCounts;

    public GroupSummary(string template, long count, int maxLevelIndex, long[] levelCounts, DateTimeOffset firstSeen, DateTimeOffset lastSeen, Memory.AlertVerdict? verdict = null)
    {
        Verdict = verdict;
        Template = template;
        Count = count;
        MaxLevelIndex = maxLevelIndex;
        _levelCounts = levelCounts;
        FirstSeen = firstSeen;
        LastSeen = lastSeen;
    }

    /// <summary>What the digest says about the group across digests, or <see langword="null"/> without alert memory.</summary>
    public Memory.AlertVerdict? Verdict { get; }

    /// <summary>
    /// An ongoing group with nothing new: it rides along as one compact line, after the groups told in full.
    /// </summary>
    public bool RidesAlong => Verdict is { IsFull: false };

    /// <summary>The message template shared by the group's events.</summary>
    public string Template { get; }

    /// <summary>The number of events in the group.</summary>
    public long Count { get; }

    /// <summary>The index (0 … 5) of the worst level in the group.</summary>
    public int MaxLevelIndex { get; }

    /// <summary>The count per level index, for the level mix of a group logged at more than one level.</summary>
    public IReadOnlyList<long> LevelCounts => _levelCounts;

    /// <summary>The earliest event timestamp.</summary>
    public DateTimeOffset FirstSeen { get; }

    /// <summary>The latest event timestamp.</summary>
    public DateTimeOffset LastSeen { get; }
}
