using System.Globalization;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using Serilog.Events;
using Serilog.Parsing;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// Reads a Serilog <see cref="LogEvent"/> for the digest engine, on the digest loop: grouping reads the level,
/// template, timestamp, source and exception of every event, and only the events a digest shows are rendered (message
/// and properties). A <see cref="LogEvent"/> is immutable, so rendering it later gives what rendering it at once would
/// have. Messages are rendered with literal strings (<see cref="LiteralMessageRenderer"/>); the trace and span ids are
/// Serilog's own (<c>LogEvent.TraceId</c>, since Serilog 3.1); the properties shown are chosen by
/// <see cref="PropertySelection"/>, and those the message shows are not counted. Every call into user code is guarded:
/// a ToString that throws costs that one value, not the event.
/// </summary>
internal sealed class LogEventReader : DigestEventReader<LogEvent>
{
    private const string SourceContextProperty = "SourceContext";
    private const string FingerprintProperty = "Fingerprint";

    private readonly IFormatProvider? _formatProvider;
    private readonly PropertySelection _properties;

    public LogEventReader(IFormatProvider? formatProvider, PropertySelection properties)
    {
        _formatProvider = formatProvider;
        _properties = properties;
    }

    public override DateTimeOffset GetTimestamp(LogEvent item) => item.Timestamp;

    public override DigestLevel GetLevel(LogEvent item) => (DigestLevel)(int)item.Level;

    public override string GetMessageTemplate(LogEvent item) => item.MessageTemplate.Text;

    public override string? GetSource(LogEvent item) => SourceOf(item);

    /// <summary>The event's <c>SourceContext</c>, when it is a string.</summary>
    internal static string? SourceOf(LogEvent item)
        => item.Properties.TryGetValue(SourceContextProperty, out var value) && value is ScalarValue { Value: string source }
            ? source
            : null;

    public override Exception? GetException(LogEvent item) => item.Exception;

    // A scalar "Fingerprint" property (from the template, an enricher or LogContext), as Sentry's SDK fingerprint.
    public override string? GetUserFingerprint(LogEvent item)
    {
        if (!item.Properties.TryGetValue(FingerprintProperty, out var value) || value is not ScalarValue { Value: { } fingerprint })
        {
            return null;
        }

        try
        {
            return fingerprint as string ?? Convert.ToString(fingerprint, CultureInfo.InvariantCulture);
        }
        catch (Exception)
        {
            // A ToString that throws costs the override, not the event: it groups by its template instead.
            return null;
        }
    }

    public override DigestEvent ToDigestEvent(LogEvent item)
    {
        var template = item.MessageTemplate.Text;
        var digestEvent = new DigestEvent(item.Timestamp, GetLevel(item), template, Render(item, template))
        {
            Exception = item.Exception,
            Source = GetSource(item),
            TraceId = item.TraceId?.ToHexString(),
            SpanId = item.SpanId?.ToHexString(),
        };

        if ((_properties.Enabled || _properties.AnyForLinks) && item.Properties.Count > 0)
        {
            ReadProperties(item, digestEvent);
        }

        return digestEvent;
    }

    private string Render(LogEvent logEvent, string template)
    {
        try
        {
            return LiteralMessageRenderer.Render(logEvent, _formatProvider);
        }
        catch (Exception)
        {
            // A property whose ToString throws breaks rendering; the template still says what happened.
            return template;
        }
    }

    // The properties shown (not the message's own, at most the maximum) and, apart, the values the links use.
    private void ReadProperties(LogEvent logEvent, DigestEvent digestEvent)
    {
        List<KeyValuePair<string, string>>? shown = null;
        List<KeyValuePair<string, string>>? linked = null;
        foreach (var property in logEvent.Properties)
        {
            if (property.Key == SourceContextProperty)
            {
                continue;
            }

            if (_properties.NeedsForLinks(property.Key))
            {
                (linked ??= new List<KeyValuePair<string, string>>()).Add(new(property.Key, RenderValue(property.Value)));
            }

            if ((shown?.Count ?? 0) < _properties.Max && _properties.IsShown(property.Key) && !IsHole(logEvent.MessageTemplate, property.Key))
            {
                (shown ??= new List<KeyValuePair<string, string>>(Math.Min(logEvent.Properties.Count, _properties.Max))).Add(new(property.Key, RenderValue(property.Value)));
            }
        }

        digestEvent.Properties = shown;
        digestEvent.LinkValues = linked;
    }

    // The message already shows a property its template has a hole for.
    private static bool IsHole(MessageTemplate template, string name)
    {
        foreach (var token in template.Tokens)
        {
            if (token is PropertyToken property && property.PropertyName == name)
            {
                return true;
            }
        }

        return false;
    }

    private string RenderValue(LogEventPropertyValue value)
    {
        try
        {
            // Strings without quotes: the digest is read by people, not parsed.
            return value is ScalarValue { Value: string text } ? text : value.ToString(null, _formatProvider);
        }
        catch (Exception ex)
        {
            return "<" + ex.GetType().Name + " while rendering>";
        }
    }
}
