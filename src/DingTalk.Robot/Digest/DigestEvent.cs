using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Digest;

/// <summary>
/// One log event as the digest engine sees it, whatever logging library produced it. Front ends fill it in; the
/// digest groups events by <see cref="MessageTemplate"/>.
/// </summary>
/// <remarks>
/// An event created with <see cref="DigestEventDetails"/> renders its message and properties the first time they
/// are read, which the engine does only for the events a digest shows. Not thread-safe: the digest loop is its user.
/// </remarks>
public sealed class DigestEvent
{
    private DigestEventDetails? _details;
    private string? _renderedMessage;
    private IReadOnlyList<KeyValuePair<string, string>>? _properties;
    private bool _propertiesRendered;

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
        _renderedMessage = renderedMessage ?? string.Empty;
        _propertiesRendered = true;
    }

    /// <summary>Creates an event whose message and properties are rendered only if a digest shows it.</summary>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="level">How severe it is.</param>
    /// <param name="messageTemplate">The template (<c>"Timeout calling {Service}"</c>), the grouping key.</param>
    /// <param name="details">Renders the message and properties when they are first read.</param>
    public DigestEvent(DateTimeOffset timestamp, DigestLevel level, string messageTemplate, DigestEventDetails details)
    {
        Timestamp = timestamp;
        Level = level;
        MessageTemplate = messageTemplate ?? string.Empty;
        _details = Guard.NotNull(details, nameof(details));
    }

    /// <summary>When it happened.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>How severe it is.</summary>
    public DigestLevel Level { get; }

    /// <summary>The message template: events with the same template form one group in the digest.</summary>
    public string MessageTemplate { get; }

    /// <summary>The message with its arguments filled in (rendered on first read when the event has details).</summary>
    public string RenderedMessage => _renderedMessage ??= RenderMessage();

    /// <summary>Where it came from: Serilog's <c>SourceContext</c> or the MEL category.</summary>
    public string? Source { get; set; }

    /// <summary>The exception, if any. Its <see cref="Exception.ToString"/> is never relied upon (it can throw).</summary>
    public Exception? Exception { get; set; }

    /// <summary>The MEL event id, when not 0.</summary>
    public int EventId { get; set; }

    /// <summary>The MEL event name, if any.</summary>
    public string? EventName { get; set; }

    /// <summary>
    /// Properties rendered to text (shown when <c>IncludeProperties</c> is on): set by the front end, or rendered on
    /// first read when the event has details.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Properties
    {
        get
        {
            if (!_propertiesRendered)
            {
                _properties = RenderProperties();
                _propertiesRendered = true;
            }

            return _properties;
        }

        set
        {
            _properties = value;
            _propertiesRendered = true;
        }
    }

    /// <summary>Scopes already rendered to text by the front end, outermost first.</summary>
    public IReadOnlyList<string>? Scopes { get; set; }

    // Both parts rendered (or set), the details are no longer needed: let what they hold go.
    private void ReleaseDetailsIfDone()
    {
        if (_renderedMessage is not null && _propertiesRendered)
        {
            _details = null;
        }
    }

    private string RenderMessage()
    {
        string? message = null;
        try
        {
            message = _details?.RenderMessage();
        }
        catch (Exception)
        {
            // A value whose ToString throws breaks rendering; the template still says what happened.
        }

        _renderedMessage = message ?? MessageTemplate;
        ReleaseDetailsIfDone();
        return _renderedMessage;
    }

    private IReadOnlyList<KeyValuePair<string, string>>? RenderProperties()
    {
        IReadOnlyList<KeyValuePair<string, string>>? properties = null;
        try
        {
            properties = _details?.RenderProperties();
        }
        catch (Exception)
        {
            // The properties are extra detail: without them the example still shows its message.
        }

        _propertiesRendered = true;
        ReleaseDetailsIfDone();
        return properties;
    }
}
