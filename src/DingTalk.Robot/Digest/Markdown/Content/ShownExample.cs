using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Markdown.Content;

/// <summary>
/// An example a digest may show, read once from the front end's event: its time, rendered message and what goes with
/// it, all copied into strings and arrays, so rendering it runs no user code.
/// </summary>
internal sealed class ShownExample
{
    private ShownExample(
        DateTimeOffset timestamp,
        string message,
        int eventId,
        string? eventName,
        KeyValuePair<string, string>[]? properties,
        string[]? scopes,
        string? traceId = null,
        string? spanId = null,
        KeyValuePair<string, string>[]? linkValues = null)
    {
        TraceId = traceId;
        SpanId = spanId;
        LinkValues = linkValues;
        Timestamp = timestamp;
        Message = message;
        EventId = eventId;
        EventName = eventName;
        Properties = properties;
        Scopes = scopes;
    }

    /// <summary>When it happened.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The rendered message (never <see langword="null"/>).</summary>
    public string Message { get; }

    /// <summary>The MEL event id, when not 0.</summary>
    public int EventId { get; }

    /// <summary>The MEL event name, if any.</summary>
    public string? EventName { get; }

    /// <summary>The properties as the front end rendered them, in its order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Properties { get; }

    /// <summary>The logging scopes, outermost first.</summary>
    public IReadOnlyList<string>? Scopes { get; }

    /// <summary>The trace id the event was logged under, if any.</summary>
    public string? TraceId { get; }

    /// <summary>The span id the event was logged under, if any.</summary>
    public string? SpanId { get; }

    /// <summary>The values of the properties the links use.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? LinkValues { get; }

    /// <summary>Copies what the digest shows of <paramref name="e"/>; enumerates its lists (front-end code, which may throw).</summary>
    public static ShownExample From(DigestEvent e)
        => new(e.Timestamp, e.RenderedMessage, e.EventId, e.EventName, Copy(e.Properties), Copy(e.Scopes), e.TraceId, e.SpanId, Copy(e.LinkValues));

    /// <summary>An example that stands for an event: a time and a message, nothing else.</summary>
    public static ShownExample Note(DateTimeOffset timestamp, string message) => new(timestamp, message ?? string.Empty, 0, null, null, null);

    private static T[]? Copy<T>(IReadOnlyList<T>? list)
    {
        if (list is null)
        {
            return null;
        }

        var copy = new T[list.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = list[i];
        }

        return copy;
    }
}
