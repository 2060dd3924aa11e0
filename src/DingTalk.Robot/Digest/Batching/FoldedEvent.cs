namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// What folding an event into a batch reads: grouping's fields, and the event itself (a <see cref="DigestEvent"/>, or
/// a front end's event that <see cref="DigestBatch"/> turns into one only if the digest shows it).
/// </summary>
internal readonly struct FoldedEvent
{
    public FoldedEvent(DateTimeOffset timestamp, DigestLevel level, string? template, string? source, Exception? exception, object item)
    {
        Timestamp = timestamp;
        Level = level;
        Template = template ?? string.Empty;
        Source = source;
        Exception = exception;
        Item = item;
    }

    public FoldedEvent(DigestEvent e)
        : this(e.Timestamp, e.Level, e.MessageTemplate, e.Source, e.Exception, e)
    {
    }

    public DateTimeOffset Timestamp { get; }

    public DigestLevel Level { get; }

    public string Template { get; }

    public string? Source { get; }

    public Exception? Exception { get; }

    public object Item { get; }
}
