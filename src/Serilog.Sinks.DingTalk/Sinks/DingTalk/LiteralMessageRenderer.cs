using Serilog.Events;
using Serilog.Parsing;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// Renders a message as Serilog's text sinks do with <c>{Message:lj}</c>: a string property is written as it is, not
/// quoted (<c>HTTP GET /orders/42</c>, not <c>HTTP "GET" "/orders/42"</c>); every other value as Serilog renders it.
/// </summary>
internal static class LiteralMessageRenderer
{
    public static string Render(LogEvent logEvent, IFormatProvider? formatProvider)
    {
        using var output = new StringWriter(formatProvider ?? System.Globalization.CultureInfo.CurrentCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken property
                && logEvent.Properties.TryGetValue(property.PropertyName, out var value)
                && value is ScalarValue { Value: string text })
            {
                Write(output, text, property.Alignment);
            }
            else
            {
                token.Render(logEvent.Properties, output, formatProvider);
            }
        }

        return output.ToString();
    }

    private static void Write(TextWriter output, string text, Alignment? alignment)
    {
        if (alignment is not { } a || text.Length >= a.Width)
        {
            output.Write(text);
            return;
        }

        var padding = new string(' ', a.Width - text.Length);
        output.Write(a.Direction == AlignmentDirection.Left ? text + padding : padding + text);
    }
}
