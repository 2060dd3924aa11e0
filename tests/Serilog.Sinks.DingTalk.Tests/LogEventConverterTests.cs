using DingTalk.Robot.Digest;
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

    [Fact]
    public void Grouping_reads_the_event_without_rendering_it()
    {
        var value = new CountingValue();
        var converter = new LogEventConverter(null, includeProperties: true);
        var logEvent = Event("Charge {Card} failed", ("Card", new ScalarValue(value)), ("SourceContext", new ScalarValue("Shop.Payments")));

        var converted = converter.Convert(logEvent);

        Assert.Equal(0, value.Renders);
        Assert.Equal("Charge {Card} failed", converted.MessageTemplate);
        Assert.Equal("Shop.Payments", converted.Source);
        Assert.Equal(DigestLevel.Error, converted.Level);
        Assert.Equal("Charge card-1 failed", converted.RenderedMessage);
        Assert.Equal(new[] { new KeyValuePair<string, string>("Card", "card-1") }, converted.Properties);
        Assert.Equal(2, value.Renders);
    }

    [Fact]
    public void A_value_whose_ToString_throws_costs_only_that_value()
    {
        var converter = new LogEventConverter(null, includeProperties: true);
        var converted = converter.Convert(Event("Charge {Card} for {Order}", ("Card", new ScalarValue(new ThrowingValue())), ("Order", new ScalarValue("SO-1"))));

        Assert.Equal("Charge {Card} for {Order}", converted.RenderedMessage);
        Assert.Contains(new KeyValuePair<string, string>("Order", "SO-1"), converted.Properties!);
        Assert.Contains(converted.Properties!, p => p.Key == "Card" && p.Value.Contains("InvalidOperationException", StringComparison.Ordinal));
    }

    private sealed class CountingValue
    {
        public int Renders { get; private set; }

        public override string ToString()
        {
            Renders++;
            return "card-1";
        }
    }

    private sealed class ThrowingValue
    {
        public override string ToString() => throw new InvalidOperationException("no");
    }

    private static LogEvent Event(string template, params (string Name, LogEventPropertyValue Value)[] properties)
        => new(
            new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.FromHours(8)),
            LogEventLevel.Error,
            null,
            new MessageTemplateParser().Parse(template),
            properties.Select(p => new LogEventProperty(p.Name, p.Value)));
}
