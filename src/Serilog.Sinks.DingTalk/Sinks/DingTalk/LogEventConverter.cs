using DingTalk.Robot.Digest;
using Serilog.Events;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// Turns a Serilog <see cref="LogEvent"/> into the engine's <see cref="DigestEvent"/>. It runs on the digest loop,
/// never on the application's thread, and guards every call into user code (a ToString that throws costs that one
/// value, not the event).
/// </summary>
internal sealed class LogEventConverter
{
    private const string SourceContextProperty = "SourceContext";
    private const int MaxProperties = 12;

    private readonly IFormatProvider? _formatProvider;
    private readonly bool _includeProperties;

    public LogEventConverter(IFormatProvider? formatProvider, bool includeProperties)
    {
        _formatProvider = formatProvider;
        _includeProperties = includeProperties;
    }

    public DigestEvent Convert(LogEvent logEvent)
    {
        var template = logEvent.MessageTemplate.Text;
        var digestEvent = new DigestEvent(logEvent.Timestamp, (DigestLevel)(int)logEvent.Level, template, Render(logEvent, template))
        {
            Exception = logEvent.Exception,
            Source = SourceContext(logEvent),
        };

        if (_includeProperties && logEvent.Properties.Count > 0)
        {
            digestEvent.Properties = RenderProperties(logEvent);
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

    private static string? SourceContext(LogEvent logEvent)
        => logEvent.Properties.TryGetValue(SourceContextProperty, out var value) && value is ScalarValue { Value: string source }
            ? source
            : null;

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
