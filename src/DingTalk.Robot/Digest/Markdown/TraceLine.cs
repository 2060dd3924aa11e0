using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// The trace an example was logged under, first on its continuation line: <c>TraceId = 4bf92f35… · SpanId = 00f067aa…</c>,
/// in full, so it can be copied into a trace viewer's search. Both ids are hex digits from the front end (Serilog's
/// <c>LogEvent.TraceId</c>, MEL's <c>Activity.Current</c>), escaped all the same.
/// </summary>
internal static class TraceLine
{
    public const string TraceIdLabel = "TraceId = ";
    public const string SpanIdLabel = "SpanId = ";

    // W3C ids are 32 and 16 hex digits; a longer one is not an id we should spell out.
    private const int IdChars = 32;

    /// <summary>Whether <paramref name="e"/> has a trace to show.</summary>
    public static bool Has(ShownExample e) => !string.IsNullOrEmpty(e.TraceId);

    /// <summary>Writes the ids as the first items of the continuation line; returns the items written (0 or 1).</summary>
    public static int Append(DigestWriter w, ShownExample e)
    {
        if (!Has(e))
        {
            return 0;
        }

        var mark = w.Mark();
        w.HardBreak().Raw("  ").Raw(TraceIdLabel);
        if (!w.Inline(e.TraceId, IdChars))
        {
            w.Reset(mark);
            return 0;
        }

        if (!string.IsNullOrEmpty(e.SpanId))
        {
            var spanMark = w.Mark();
            w.Raw(" \u00B7 ").Raw(SpanIdLabel);
            if (!w.Inline(e.SpanId, IdChars))
            {
                w.Reset(spanMark);
            }
        }

        return 1;
    }
}
