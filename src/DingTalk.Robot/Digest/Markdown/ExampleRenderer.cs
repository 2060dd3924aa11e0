using System.Globalization;
using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Renders one example of a section as a list item: its time and message, then, on a continuation line, its trace
/// (<see cref="TraceLine"/>), event id, scopes and properties (those the message does not already show), at most
/// <see cref="DigestFormatterSettings.MaxPropertiesShown"/> of the last three.
/// </summary>
/// <example>
/// <code>
/// - 10:00:01 Timeout calling payments
///   TraceId = 4bf92f3577b34da6a3ce929d0e0e4736 · SpanId = 00f067aa0ba902b7 · EventId = 7 (Checkout) · Scope = Order 10042 › Checkout · RequestId = 8f2c
/// </code>
/// </example>
internal sealed class ExampleRenderer
{
    private const int PropertyKeyChars = 40;

    private static readonly string EventIdItem = DigestWording.EventIdLabel.TrimStart();

    private readonly DigestFormatterSettings _settings;

    public ExampleRenderer(DigestFormatterSettings settings) => _settings = settings;

    /// <summary>Whether <paramref name="e"/> adds anything to the heading at <paramref name="detail"/>.</summary>
    public bool IsInformative(ShownExample e, string template, GroupDetail detail)
        => ExampleInformation.IsInformative(e, template, detail.MessageChars, ShowsProperties(detail))
           || (ShowsTrace(detail) && TraceLine.Has(e));

    /// <summary>Writes <paramref name="e"/> as a list item.</summary>
    public void Append(DigestWriter w, string template, ShownExample e, GroupDetail detail, in DigestTimeFormat time)
    {
        w.Raw("- ").Raw(time.Short(e.Timestamp));

        // A message identical to the template (no arguments) is already in the heading.
        if (!string.Equals(e.Message, template, StringComparison.Ordinal))
        {
            var mark = w.Mark();
            w.Raw(' ');
            if (!w.Inline(e.Message, detail.MessageChars))
            {
                w.Reset(mark);
            }
        }

        var items = ShowsTrace(detail) ? TraceLine.Append(w, e) : 0;
        if (ShowsProperties(detail))
        {
            AppendProperties(w, template, e, detail, MaxProperties(detail), items);
        }

        w.Raw('\n');
    }

    // The trace goes with the details of a level that shows properties, whether the user shows properties or not.
    private static bool ShowsTrace(GroupDetail detail) => detail.MaxProperties > 0;

    private bool ShowsProperties(GroupDetail detail) => _settings.IncludeProperties && MaxProperties(detail) > 0;

    private int MaxProperties(GroupDetail detail) => Math.Min(detail.MaxProperties, Math.Max(0, _settings.MaxPropertiesShown));

    // A continuation line of the list item: "  key = value · key = value", after the items already on it. Properties
    // that are holes of the template are skipped: the rendered message already shows them.
    private static void AppendProperties(DigestWriter w, string template, ShownExample e, GroupDetail detail, int max, int items)
    {
        var written = 0;
        if (e.EventId != 0 || !string.IsNullOrEmpty(e.EventName))
        {
            StartItem(w, items);
            w.Raw(EventIdItem).Raw(e.EventId.ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(e.EventName))
            {
                var mark = w.Mark();
                w.Raw(" (");
                if (w.Inline(e.EventName, PropertyKeyChars))
                {
                    w.Raw(")");
                }
                else
                {
                    w.Reset(mark);
                }
            }

            written++;
        }

        written += AppendScopes(w, e, detail, written, max, items);

        var properties = e.Properties;
        if (properties is null)
        {
            return;
        }

        var count = properties.Count;
        for (var i = 0; i < count && written < max; i++)
        {
            var property = properties[i];
            if (string.IsNullOrEmpty(property.Key) || ExampleInformation.IsTemplateHole(template, property.Key))
            {
                continue;
            }

            var mark = w.Mark();
            StartItem(w, written + items);

            // A key that escapes to nothing (all whitespace or format characters) would leave a bare "= value".
            if (!w.Inline(property.Key, PropertyKeyChars, lineStart: written + items == 0))
            {
                w.Reset(mark);
                continue;
            }

            w.Raw(DigestWording.PropertyEquals);
            w.InlineOr(property.Value, detail.PropertyValueChars, property.Value is null ? DigestWording.NullValue : DigestWording.EmptyValue);
            written++;
        }
    }

    // The logging scopes (Microsoft.Extensions.Logging), outermost first: "Scope = Order 10042 › Checkout".
    private static int AppendScopes(DigestWriter w, ShownExample e, GroupDetail detail, int written, int max, int items)
    {
        var scopes = e.Scopes;
        if (scopes is null || scopes.Count == 0 || written >= max)
        {
            return 0;
        }

        var mark = w.Mark();
        StartItem(w, written + items);
        w.Raw(DigestWording.ScopeLabel);
        var shown = 0;
        for (var i = 0; i < scopes.Count; i++)
        {
            var scopeMark = w.Mark();
            if (shown > 0)
            {
                w.Raw(DigestWording.ScopeSeparator);
            }

            if (w.Inline(scopes[i], detail.PropertyValueChars))
            {
                shown++;
            }
            else
            {
                w.Reset(scopeMark);
            }
        }

        if (shown == 0)
        {
            w.Reset(mark);
            return 0;
        }

        return 1;
    }

    // The first item opens the continuation line; the next ones follow after a dot.
    private static void StartItem(DigestWriter w, int written)
    {
        if (written == 0)
        {
            w.HardBreak().Raw("  ");
        }
        else
        {
            w.Raw(" \u00B7 ");
        }
    }
}
