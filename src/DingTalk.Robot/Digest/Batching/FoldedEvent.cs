namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// What folding one event into a <see cref="DigestBatch{TEvent}"/> reads of it: the fields grouping needs, and the
/// front end's event itself, kept as an example and rendered only if a digest shows it.
/// </summary>
/// <typeparam name="TEvent">The front end's event.</typeparam>
internal readonly struct FoldedEvent<TEvent>
{
    public FoldedEvent(DateTimeOffset timestamp, DigestLevel level, string? template, string? source, Exception? exception, TEvent item, string? userFingerprint = null)
    {
        UserFingerprint = string.IsNullOrWhiteSpace(userFingerprint) ? null : userFingerprint;
        Timestamp = timestamp;
        Level = level;
        Template = template ?? string.Empty;
        Source = source;
        Exception = exception;
        Item = item;
    }

    /// <summary>When the event happened.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>How severe it is (any value: the batch clamps it).</summary>
    public DigestLevel Level { get; }

    /// <summary>The grouping key: the message template, compared ordinally.</summary>
    public string Template { get; }

    /// <summary>Where it came from, if known.</summary>
    public string? Source { get; }

    /// <summary>Its exception, kept (not read) for the group's first one.</summary>
    public Exception? Exception { get; }

    /// <summary>
    /// The user's own fingerprint (a <c>Fingerprint</c> property), or <see langword="null"/>: when set, it groups the
    /// event instead of its template, as Sentry's SDK fingerprint does.
    /// </summary>
    public string? UserFingerprint { get; }

    /// <summary>The front end's event.</summary>
    public TEvent Item { get; }
}
