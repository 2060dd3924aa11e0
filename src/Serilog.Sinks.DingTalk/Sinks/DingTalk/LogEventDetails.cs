using DingTalk.Robot.Digest;
using Serilog.Events;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// Renders a <see cref="LogEvent"/>'s message and properties when a digest shows it. A <see cref="LogEvent"/> is
/// immutable, so rendering it later gives what rendering it at once would have. Every call into user code is guarded:
/// a ToString that throws costs that one value, not the event.
/// </summary>
internal sealed class LogEventDetails : DigestEventDetails
{
    private const int MaxProperties = 12;

    private readonly LogEvent _logEvent;
    private readonly IFormatProvider? _formatProvider;
    private readonly bool _includeProperties;

    public LogEventDetails(LogEvent logEvent, IFormatProvider? formatProvider, bool includeProperties)
    {
        _logEvent = logEvent;
        _formatProvider = formatProvider;
        _includeProperties = includeProperties;
    }

    public override string RenderMessage()
    {
        try
        {
            return _logEvent.RenderMessage(_formatProvider);
        }
        catch (Exception)
        {
            // A property whose ToString throws breaks rendering; the template still says what happened.
            return _logEvent.MessageTemplate.Text;
        }
    }

    public override IReadOnlyList<KeyValuePair<string, string>>? RenderProperties()
    {
        var properties = _logEvent.Properties;
        if (!_includeProperties || properties.Count == 0)
        {
            return null;
        }

        var rendered = new List<KeyValuePair<string, string>>(Math.Min(properties.Count, MaxProperties));
        foreach (var property in properties)
        {
            if (rendered.Count == MaxProperties)
            {
                break;
            }

            if (property.Key == LogEventConverter.SourceContextProperty)
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
