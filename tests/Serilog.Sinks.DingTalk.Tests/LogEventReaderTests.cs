using DingTalk.Robot.Digest;
using System.Globalization;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace Serilog.Sinks.DingTalk.Tests;

/// <summary>
/// The reader shows the text Serilog itself renders — the message as <c>{Message:l}</c> does (literal strings), the
/// properties the message does not show — with the format provider; grouping renders nothing.
/// </summary>
public sealed class LogEventReaderTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("de-DE")]
    public void Messages_and_properties_render_as_Serilog_renders_them(string? culture)
    {
        var provider = culture is null ? null : new CultureInfo(culture);
        var reader = new LogEventReader(provider, PropertySelection.Default);
        var events = new[]
        {
            Event("Paid {Amount} for {Order} at {When}", ("Amount", new ScalarValue(1234.5)), ("Order", new ScalarValue("SO-1")), ("When", new ScalarValue(new DateTime(2025, 3, 14))), ("Total", new ScalarValue(99.5))),
            Event("Items {Items}", ("Items", new SequenceValue(new[] { new ScalarValue(1), new ScalarValue(2.5) })), ("Tags", new SequenceValue(new[] { new ScalarValue("a") }))),
            Event("Long {Text}", ("Text", new ScalarValue(new string('x', 40_000))), ("Env", new ScalarValue("prod"))),
            Event("Short {N:000} {Name,-6}|{Name,6}|", ("N", new ScalarValue(7)), ("Name", new ScalarValue("abc")), ("When", new ScalarValue(new DateTime(2025, 3, 14)))),
        };

        foreach (var logEvent in events)
        {
            var converted = reader.ToDigestEvent(logEvent);
            var literal = new StringWriter();
            new MessageTemplateTextFormatter("{Message:l}", provider).Format(logEvent, literal);
            Assert.Equal(literal.ToString(), converted.RenderedMessage);
            Assert.NotNull(converted.Properties);
            Assert.All(converted.Properties!, p => Assert.DoesNotContain("{" + p.Key, logEvent.MessageTemplate.Text, StringComparison.Ordinal));
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
        var reader = new LogEventReader(null, PropertySelection.Default);
        var logEvent = Event("Charge {Order} failed", ("Order", new ScalarValue("SO-1")), ("Card", new ScalarValue(value)), ("SourceContext", new ScalarValue("Shop.Payments")));

        Assert.Equal("Charge {Order} failed", reader.GetMessageTemplate(logEvent));
        Assert.Equal("Shop.Payments", reader.GetSource(logEvent));
        Assert.Equal(DigestLevel.Error, reader.GetLevel(logEvent));
        Assert.Equal(logEvent.Timestamp, reader.GetTimestamp(logEvent));
        Assert.Null(reader.GetException(logEvent));
        Assert.Equal(0, value.Renders);

        var shown = reader.ToDigestEvent(logEvent);
        Assert.Equal("Charge SO-1 failed", shown.RenderedMessage);
        Assert.Equal(new[] { new KeyValuePair<string, string>("Card", "card-1") }, shown.Properties);
        Assert.Equal("Shop.Payments", shown.Source);
        Assert.Equal(1, value.Renders);
    }

    [Fact]
    public void A_value_whose_ToString_throws_costs_only_that_value()
    {
        var reader = new LogEventReader(null, PropertySelection.Default);
        var converted = reader.ToDigestEvent(Event(
            "Charge {Card} for {Order}",
            ("Card", new ScalarValue(new ThrowingValue())),
            ("Order", new ScalarValue("SO-1")),
            ("Device", new ScalarValue(new ThrowingValue())),
            ("Region", new ScalarValue("cn-east"))));

        Assert.Equal("Charge {Card} for {Order}", converted.RenderedMessage);
        Assert.Contains(new KeyValuePair<string, string>("Region", "cn-east"), converted.Properties!);
        Assert.Contains(converted.Properties!, p => p.Key == "Device" && p.Value.Contains("InvalidOperationException", StringComparison.Ordinal));
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
