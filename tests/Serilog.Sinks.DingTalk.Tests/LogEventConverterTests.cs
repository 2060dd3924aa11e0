using System.Globalization;
using Serilog.Events;
using Serilog.Parsing;

namespace Serilog.Sinks.DingTalk.Tests;

/// <summary>The converter shows the text Serilog itself renders, message and properties, with the format provider.</summary>
public sealed class LogEventConverterTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("de-DE")]
    public void Messages_and_properties_render_as_Serilog_renders_them(string? culture)
    {
        var provider = culture is null ? null : new CultureInfo(culture);
        var converter = new LogEventConverter(provider, includeProperties: true);
        var events = new[]
        {
            Event("Paid {Amount} for {Order} at {When}", ("Amount", new ScalarValue(1234.5)), ("Order", new ScalarValue("SO-1")), ("When", new ScalarValue(new DateTime(2025, 3, 14)))),
            Event("Items {Items}", ("Items", new SequenceValue(new[] { new ScalarValue(1), new ScalarValue(2.5) }))),
            Event("Long {Text}", ("Text", new ScalarValue(new string('x', 40_000)))),
            Event("Short {N:000}", ("N", new ScalarValue(7))),
        };

        foreach (var logEvent in events)
        {
            var converted = converter.Convert(logEvent);
            Assert.Equal(logEvent.RenderMessage(provider), converted.RenderedMessage);
            foreach (var (key, value) in converted.Properties!)
            {
                var expected = logEvent.Properties[key] is ScalarValue { Value: string text } ? text : logEvent.Properties[key].ToString(null, provider);
                Assert.Equal(expected, value);
            }
        }
    }

    private static LogEvent Event(string template, params (string Name, LogEventPropertyValue Value)[] properties)
        => new(
            new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.FromHours(8)),
            LogEventLevel.Error,
            null,
            new MessageTemplateParser().Parse(template),
            properties.Select(p => new LogEventProperty(p.Name, p.Value)));
}
