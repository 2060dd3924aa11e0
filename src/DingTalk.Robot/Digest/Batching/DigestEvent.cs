namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// One log event as the digest engine sees it, whatever logging library produced it. Front ends fill it in; the
/// digest groups events by <see cref="MessageTemplate"/>.
/// </summary>
internal sealed class DigestEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="level">How severe it is.</param>
    /// <param name="messageTemplate">The template (<c>"Timeout calling {Service}"</c>), the grouping key; the rendered message when there is none.</param>
    /// <param name="renderedMessage">The message with its arguments filled in.</param>
    public DigestEvent(DateTimeOffset timestamp, DigestLevel level, string messageTemplate, string renderedMessage)
    {
        Timestamp = timestamp;
        Level = level;
        MessageTemplate = messageTemplate ?? string.Empty;
        RenderedMessage = renderedMessage ?? string.Empty;
    }

    /// <summary>When it happened.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>How severe it is.</summary>
    public DigestLevel Level { get; }

    /// <summary>The message template: events with the same template form one group in the digest.</summary>
    public string MessageTemplate { get; }

    /// <summary>The message with its arguments filled in.</summary>
    public string RenderedMessage { get; }

    /// <summary>Where it came from: Serilog's <c>SourceContext</c> or the MEL category.</summary>
    public string? Source { get; set; }

    /// <summary>The exception, if any. Its <see cref="Exception.ToString"/> is never relied upon (it can throw).</summary>
    public Exception? Exception { get; set; }

    /// <summary>The MEL event id, when not 0.</summary>
    public int EventId { get; set; }

    /// <summary>The MEL event name, if any.</summary>
    public string? EventName { get; set; }

    /// <summary>Properties already rendered to text by the front end (shown when <c>IncludeProperties</c> is on).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Properties { get; set; }

    /// <summary>Scopes already rendered to text by the front end, outermost first.</summary>
    public IReadOnlyList<string>? Scopes { get; set; }

    /// <summary>The W3C trace id (32 lowercase hex digits) the event was logged under, if any.</summary>
    public string? TraceId { get; set; }

    /// <summary>The W3C span id (16 lowercase hex digits) the event was logged under, if any.</summary>
    public string? SpanId { get; set; }

    /// <summary>
    /// The values of the properties the configured links use (<see cref="PropertySelection.NeedsForLinks"/>), rendered
    /// to text, whether shown or not: a link may use a property the message already shows.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>>? LinkValues { get; set; }
}
