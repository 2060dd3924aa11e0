using System.Globalization;
using DingTalk.Robot.Digest;
using Serilog.Events;
using DingTalk.Robot.Digest.Batching;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// Reads a Serilog <see cref="LogEvent"/> for the digest engine, on the digest loop: grouping reads the level,
/// template, timestamp, source and exception of every event, and only the events a digest shows are rendered (message
/// and properties). A <see cref="LogEvent"/> is immutable, so rendering it later gives what rendering it at once would
/// have. Every call into user code is guarded: a ToString that throws costs that one value, not the event.
/// </summary>
internal sealed class LogEventReader : DigestEventReader<LogEvent>
{
    private const string SourceContextProperty = "SourceContext";
    private const string FingerprintProperty = "Fingerprint";
    private const int MaxProperties = DingTalkDigestOptions.MaxPropertiesShown;

    private readonly IFormatProvider? _formatProvider;
    private readonly bool _includeProperties;

    public LogEventReader(IFormatProvider? formatProvider, bool includeProperties)
    {
        _formatProvider = formatProvider;
        _includeProperties = includeProperties;
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
        };

        if (_includeProperties && item.Properties.Count > 0)
        {
            digestEvent.Properties = RenderProperties(item);
        }

        return digestEvent;
    }

    private string Render(LogEvent logEvent, string template)
    {
        try
        {
            return logEvent.RenderMessage(_formatProvider);
        }
        catch (Exception)
        {
            // A property whose ToString throws breaks rendering; the template still says what happened.
            return template;
        }
    }

    private List<KeyValuePair<string, string>> RenderProperties(LogEvent logEvent)
    {
        var rendered = new List<KeyValuePair<string, string>>(Math.Min(logEvent.Properties.Count, MaxProperties));
        foreach (var property in logEvent.Properties)
        {
            if (rendered.Count == MaxProperties)
            {
                break;
            }

            if (property.Key == SourceContextProperty)
            {
                continue;
            }

            rendered.Add(new KeyValuePair<string, string>(property.Key, RenderValue(property.Value)));
        }

        return rendered;
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
