using System.Globalization;
using DingTalk.Robot.Digest.Links;
using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Writes a section's configured links (<see cref="DingTalkDigestOptions.Links"/>) as one line of real markdown links:
/// <c>[Jaeger](https://jaeger.example.com/trace/4bf9…) · [Seq](https://seq.example.com/#/events?filter=…)</c>. The
/// placeholders are filled from the group (its fingerprint and window) and its latest example that has the value (trace
/// and span ids, properties); a link with a placeholder no example fills is left out. The titles are escaped like event
/// text; a URL's shape comes from configuration and every value in it is URL-encoded, so event text cannot make a link.
/// </summary>
internal sealed class LinkRenderer
{
    // A window of one second would find nothing in a log viewer's time picker: it is widened by a minute each side.
    private static readonly TimeSpan WindowMargin = TimeSpan.FromMinutes(1);

    private const int TitleChars = 40;
    private const string Separator = " \u00B7 ";

    private readonly LinkSet _links;

    public LinkRenderer(DigestFormatterSettings settings) => _links = settings.Links;

    /// <summary>Writes the links of <paramref name="group"/> that have all their values, as a paragraph; nothing when none has.</summary>
    public void Append(DigestWriter w, ShownGroup group)
    {
        if (_links.Templates.Count == 0)
        {
            return;
        }

        var written = 0;
        foreach (var template in _links.Templates)
        {
            var url = template.Render(name => ValueOf(group, name));
            if (url is null)
            {
                continue;
            }

            var mark = w.Mark();
            w.Raw(written == 0 ? string.Empty : Separator).Raw("[");
            if (!w.Inline(template.Title, TitleChars))
            {
                w.Reset(mark);
                continue;
            }

            w.Raw("](").Raw(_links.Href(url)).Raw(")");
            written++;
        }

        if (written > 0)
        {
            w.Paragraph();
        }
    }

    private static string? ValueOf(ShownGroup group, string name)
    {
        switch (name)
        {
            case LinkPlaceholders.TraceId: return Latest(group, e => e.TraceId);
            case LinkPlaceholders.SpanId: return Latest(group, e => e.SpanId);
            case LinkPlaceholders.Fingerprint: return group.Fingerprint;
            case LinkPlaceholders.From: return Iso(group.Summary.FirstSeen - WindowMargin);
            case LinkPlaceholders.To: return Iso(group.Summary.LastSeen + WindowMargin);
            case LinkPlaceholders.FromUnixMs: return UnixMs(group.Summary.FirstSeen - WindowMargin);
            case LinkPlaceholders.ToUnixMs: return UnixMs(group.Summary.LastSeen + WindowMargin);
            default: return Latest(group, e => Property(e, name));
        }
    }

    // The examples are the group's first ones and its latest, in that order: the last that has the value is the latest.
    private static string? Latest(ShownGroup group, Func<ShownExample, string?> read)
    {
        for (var i = group.Examples.Count - 1; i >= 0; i--)
        {
            var value = read(group.Examples[i]);
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }

    private static string? Property(ShownExample e, string name)
        => Find(e.LinkValues, name) ?? Find(e.Properties, name);

    private static string? Find(IReadOnlyList<KeyValuePair<string, string>>? values, string name)
    {
        if (values is null)
        {
            return null;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i].Key, name, StringComparison.Ordinal))
            {
                return values[i].Value;
            }
        }

        return null;
    }

    private static string? Iso(DateTimeOffset t)
        => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string UnixMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
