using DingTalk.Robot.Digest;
using Serilog.Events;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// Turns a Serilog <see cref="LogEvent"/> into the engine's <see cref="DigestEvent"/>. It runs on the digest loop,
/// never on the application's thread, and reads only what grouping needs (level, template, timestamp, source,
/// exception): the message and properties are rendered by <see cref="LogEventDetails"/>, and only for the events a
/// digest shows.
/// </summary>
internal sealed class LogEventConverter
{
    internal const string SourceContextProperty = "SourceContext";

    private readonly IFormatProvider? _formatProvider;
    private readonly bool _includeProperties;

    public LogEventConverter(IFormatProvider? formatProvider, bool includeProperties)
    {
        _formatProvider = formatProvider;
        _includeProperties = includeProperties;
    }

    public DigestEvent Convert(LogEvent logEvent)
        => new(logEvent.Timestamp, (DigestLevel)(int)logEvent.Level, logEvent.MessageTemplate.Text, new LogEventDetails(logEvent, _formatProvider, _includeProperties))
        {
            Exception = logEvent.Exception,
            Source = SourceContext(logEvent),
        };

    private static string? SourceContext(LogEvent logEvent)
        => logEvent.Properties.TryGetValue(SourceContextProperty, out var value) && value is ScalarValue { Value: string source }
            ? source
            : null;
}
