namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// The batch's groups, and how an event finds its own: by template (the last template by reference first), or by the
/// user's own fingerprint. At most <see cref="MaxGroups"/>; beyond that, a newcomer is tracked only if it is worse than
/// the mildest group, which it evicts, and the events of templates not tracked (an evicted group's too) are counted
/// per level as "other messages". Not thread-safe: the digest loop is its only user.
/// </summary>
/// <remarks>
/// A flood of distinct warnings cannot crowd out a fatal that arrives later. Each eviction raises the sum of the
/// groups' levels, so there are at most MaxGroups × 5 evictions per batch: a lookup stays O(1) amortized.
/// </remarks>
/// <typeparam name="TEvent">The front end's event (see <see cref="DigestBatch{TEvent}"/>).</typeparam>
internal sealed class BatchGroups<TEvent>
{
    private static readonly Comparison<DigestGroup<TEvent>> ByPriority = GroupPriority.Compare;

    private readonly Dictionary<string, DigestGroup<TEvent>> _byTemplate = new(StringComparer.Ordinal);
    private readonly List<DigestGroup<TEvent>> _groups = new();
    private readonly long[] _otherCounts = new long[DigestLevelText.Count];
    private readonly int _examples;
    private readonly int _sources;

    // Events with the user's own fingerprint group by it instead of by template (created on first use).
    private Dictionary<string, DigestGroup<TEvent>>? _byUserFingerprint;

    // A lower bound of the mildest group level: while a new template is no worse than this, it cannot evict anything
    // and the O(groups) search for a victim is skipped. It is refreshed whenever that search runs.
    private int _minGroupLevelBound;

    // The last template looked up, by reference: a logging library hands out the same string for every event of a
    // template (Serilog's parsed-template cache, MEL's format string), so a flood of one template skips hashing it.
    // An eviction that removes that group clears it (see TryEvict).
    private string? _lastTemplate;
    private DigestGroup<TEvent>? _lastGroup;

    /// <param name="maxGroups">The most groups (at least 1).</param>
    /// <param name="examples">The examples each group keeps.</param>
    /// <param name="sources">The sources each group names.</param>
    public BatchGroups(int maxGroups, int examples, int sources)
    {
        MaxGroups = maxGroups;
        _examples = examples;
        _sources = sources;
    }

    /// <summary>The most groups tracked at once.</summary>
    public int MaxGroups { get; }

    /// <summary>The groups, in the order they were made.</summary>
    public IReadOnlyList<DigestGroup<TEvent>> Groups => _groups;

    /// <summary>The events in no group: of templates not tracked, or of evicted groups.</summary>
    public long OtherCount { get; private set; }

    /// <summary>
    /// The group of <paramref name="template"/> (or of <paramref name="userFingerprint"/>), made if there is room or a
    /// milder group to evict; <see langword="null"/> when the newcomer is not tracked: the caller then counts its
    /// events with <see cref="CountOther"/>.
    /// </summary>
    /// <param name="template">The event's template.</param>
    /// <param name="userFingerprint">The user's own fingerprint, if the event has one.</param>
    /// <param name="level">The event's level index.</param>
    public DigestGroup<TEvent>? For(string template, string? userFingerprint, int level)
        => userFingerprint is null ? ByTemplate(template, level) : ByUserFingerprint(template, userFingerprint, level);

    /// <summary>Counts <paramref name="count"/> events of the level index <paramref name="level"/> in no group.</summary>
    public void CountOther(int level, long count = 1)
    {
        _otherCounts[level] = Saturating.Add(_otherCounts[level], count);
        OtherCount = Saturating.Add(OtherCount, count);
    }

    /// <summary>The events in no group, per level index (a copy).</summary>
    public long[] CopyOtherCounts() => (long[])_otherCounts.Clone();

    /// <summary>The group of <paramref name="template"/> (or of <paramref name="userFingerprint"/>), if there is one.</summary>
    public DigestGroup<TEvent>? Find(string template, string? userFingerprint)
        => userFingerprint is null
            ? _byTemplate.TryGetValue(template, out var group) ? group : null
            : _byUserFingerprint is { } byFingerprint && byFingerprint.TryGetValue(userFingerprint, out var userGroup) ? userGroup : null;

    /// <summary>The groups in the order a digest shows them (<see cref="GroupPriority"/>); a new array each time.</summary>
    public DigestGroup<TEvent>[] InPriorityOrder()
    {
        var sorted = _groups.ToArray();
        Array.Sort(sorted, ByPriority);
        return sorted;
    }

    /// <summary>Forgets every group, keeping the allocated capacity.</summary>
    public void Clear()
    {
        _byTemplate.Clear();
        _byUserFingerprint?.Clear();
        _lastTemplate = null;
        _lastGroup = null;
        _groups.Clear();
        Array.Clear(_otherCounts, 0, _otherCounts.Length);
        OtherCount = 0;
        _minGroupLevelBound = 0;
    }

    private DigestGroup<TEvent>? ByTemplate(string template, int level)
    {
        DigestGroup<TEvent>? group;
        if (ReferenceEquals(template, _lastTemplate))
        {
            group = _lastGroup!;
        }
        else if (!_byTemplate.TryGetValue(template, out group))
        {
            group = NewGroup(template, level, userFingerprint: null);
            if (group is null)
            {
                return null;
            }

            _byTemplate.Add(template, group);
        }

        _lastTemplate = template;
        _lastGroup = group;
        return group;
    }

    private DigestGroup<TEvent>? ByUserFingerprint(string template, string userFingerprint, int level)
    {
        var byFingerprint = _byUserFingerprint ??= new Dictionary<string, DigestGroup<TEvent>>(StringComparer.Ordinal);
        if (!byFingerprint.TryGetValue(userFingerprint, out var group))
        {
            group = NewGroup(template, level, userFingerprint);
            if (group is null)
            {
                return null;
            }

            byFingerprint.Add(userFingerprint, group);
        }

        return group;
    }

    // A new group when there is room (or a milder group to evict); null when the newcomer is not tracked.
    private DigestGroup<TEvent>? NewGroup(string template, int level, string? userFingerprint)
    {
        if (_groups.Count >= MaxGroups && (level <= _minGroupLevelBound || !TryEvict(level)))
        {
            return null;
        }

        var group = new DigestGroup<TEvent>(template, _examples, _sources, userFingerprint);
        _groups.Add(group);
        if (_groups.Count == 1 || level < _minGroupLevelBound)
        {
            _minGroupLevelBound = level;
        }

        return group;
    }

    // Evicts the mildest, then smallest group when it is milder than the newcomer; its counts join the others.
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

        victim.AddLevelCountsTo(_otherCounts);
        OtherCount += victim.Count;
        if (victim.UserFingerprint is { } fingerprint)
        {
            _byUserFingerprint!.Remove(fingerprint);
        }
        else
        {
            _byTemplate.Remove(victim.Template);
        }

        if (ReferenceEquals(victim, _lastGroup))
        {
            _lastTemplate = null;
            _lastGroup = null;
        }

        _groups.RemoveAt(victimIndex);
        return true;
    }
}
