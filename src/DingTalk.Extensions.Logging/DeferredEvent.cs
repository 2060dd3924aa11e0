using System.Globalization;
using DingTalk.Robot.Digest;
using Microsoft.Extensions.Logging;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// A Microsoft.Extensions.Logging state struct (boxed once, on the calling thread, and kept boxed) and what goes with
/// it. Grouping needs only its template, which the struct carries; the message and properties are rendered only if a
/// digest shows the event (see <see cref="DingTalkLogger"/>).
/// </summary>
internal sealed class DeferredEvent<TState> : PendingEvent
{
    private readonly PropertySelection _properties;
    private readonly EventId _eventId;
    private readonly IReadOnlyList<KeyValuePair<string, object?>> _values;
    private readonly Func<TState, Exception?, string> _formatter;
    private readonly CultureInfo? _culture;
    private readonly ScopeCapture? _scopes;

    public DeferredEvent(
        DateTimeOffset timestamp,
        DigestLevel level,
        string category,
        EventId eventId,
        IReadOnlyList<KeyValuePair<string, object?>> values,
        Exception? exception,
        Func<TState, Exception?, string> formatter,
        CultureInfo? culture,
        PropertySelection properties,
        ScopeCapture? scopes)
        : base(timestamp, level, category, exception)
    {
        _eventId = eventId;
        _values = values;
        _formatter = formatter;
        _culture = culture;
        _properties = properties;
        _scopes = scopes;
    }

    // MEL's structs always carry "{OriginalFormat}"; the message stands in if one ever does not. Read once per event.
    public override string Template => DingTalkLogger.OriginalFormat(_values) ?? RenderMessage();

    // Read on the digest loop, once per event: a linear look through the few values of a message.
    public override string? UserFingerprint => DingTalkLogger.UserFingerprint(_values);

    protected override DigestEvent Build()
    {
        var message = RenderMessage();
        var e = new DigestEvent(Timestamp, Level, DingTalkLogger.OriginalFormat(_values) ?? message, message)
        {
            Source = Category,
            Exception = Exception,
            EventId = _eventId.Id,
            EventName = _eventId.Name,
            Scopes = _scopes?.Texts,
        };
        DingTalkLogger.ReadProperties(e, _values, _culture, _properties, _scopes);
        return e;
    }

    private string RenderMessage() => DingTalkLogger.Format((TState)_values, Exception, _formatter);
}

/// <summary>Whether a state type may be formatted later: one of Microsoft.Extensions.Logging's own structs.</summary>
internal static class Deferral<TState>
{
    public static readonly bool Allowed =
        typeof(TState).IsValueType && typeof(TState).Assembly == typeof(LoggerMessage).Assembly;
}
