namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// The events of one batch that share a message template: exact counts, and a bounded sample (the first examples
/// and the latest one, the first exception, a few sources) so its memory does not grow with the count.
/// </summary>
internal sealed class DigestGroup
{
    // A DigestEvent, or a front end's event turned into one when the digest shows it (see FoldedEvent).
    private readonly object[] _examples;
    private readonly string[] _sources;
    private readonly long[] _levelCounts = new long[DigestLevelText.Count];
    private readonly Func<object, DigestEvent>? _materialize;
    private int _exampleCount;
    private int _sourceCount;

    public DigestGroup(string template, int examples, int sources, Func<object, DigestEvent>? materialize = null)
    {
        Template = template;
        _examples = new object[Math.Max(1, examples)];
        _sources = new string[Math.Max(0, sources)];
        _materialize = materialize;
    }

    /// <summary>The message template shared by the group's events (compared ordinally).</summary>
    public string Template { get; }

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

    /// <summary>The first exception any event of the group carried.</summary>
    public Exception? FirstException { get; private set; }

    /// <summary>The number of examples kept (at most the limit).</summary>
    public int ExampleCount => _exampleCount;

    /// <summary>The number of distinct sources kept.</summary>
    public int SourceCount => _sourceCount;

    /// <summary>Whether more distinct sources were seen than are kept.</summary>
    public bool MoreSources { get; private set; }

    /// <summary>The count per level index, for the breakdown of a mixed group.</summary>
    internal long[] LevelCounts => _levelCounts;

    /// <summary>The number of events of the level.</summary>
    public long CountOf(DigestLevel level) => _levelCounts[DigestLevelText.Index(level)];

    /// <summary>The example at <paramref name="index"/>, in arrival order.</summary>
    public DigestEvent GetExample(int index)
    {
        var example = _examples[index];
        if (example is DigestEvent e)
        {
            return e;
        }

        // Once per example: the result replaces the front end's event.
        e = Materialize(example);
        _examples[index] = e;
        return e;
    }

    /// <summary>The source at <paramref name="index"/>, in order of first appearance.</summary>
    public string GetSource(int index) => _sources[index];

    /// <summary>Folds one event in. O(1): at most a few ordinal string comparisons for the sources.</summary>
    public void Add(in FoldedEvent e, int levelIndex)
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

        Count++;
        _levelCounts[levelIndex]++;
        AddExample(e.Item);
        AddSource(e.Source);
        if (FirstException is null && e.Exception is not null)
        {
            FirstException = e.Exception;
        }
    }

    // The first (n - 1) examples stay; the last slot always holds the latest arrival, so the digest shows how the
    // problem started and what it looks like now. With a single slot the first example stays.
    private void AddExample(object e)
    {
        if (_exampleCount < _examples.Length)
        {
            _examples[_exampleCount++] = e;
        }
        else if (_examples.Length > 1)
        {
            _examples[_examples.Length - 1] = e;
        }
    }

    private DigestEvent Materialize(object item)
    {
        try
        {
            return _materialize?.Invoke(item) ?? Unrenderable("no conversion for it");
        }
        catch (Exception ex)
        {
            // Still counted in the group; the example says that it could not be shown, and why in a word.
            return Unrenderable(ex.GetType().Name);
        }
    }

    private DigestEvent Unrenderable(string why)
        => new(LastSeen, MaxLevel, Template, "An event could not be rendered (" + why + ").");

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
