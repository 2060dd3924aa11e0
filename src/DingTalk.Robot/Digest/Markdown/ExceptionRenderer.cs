using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Renders an exception, as read by <see cref="ExceptionSnapshot"/>, as a markdown quote: type and message, the top
/// stack frames, and the inner-exception chain (bounded, the rest counted). DingTalk's markdown has no code blocks,
/// so a quote with hard line breaks it is.
/// </summary>
internal static class ExceptionRenderer
{
    private const int TypeNameChars = 120;

    // A frame line longer than this is cut as it is, without looking for its file path.
    private const int MaxFrameScan = 2048;

    /// <summary>Appends <paramref name="exception"/> as a quote block, followed by a blank line.</summary>
    public static void Append(DigestWriter w, ExceptionSnapshot exception, in ExceptionDetail detail)
    {
        var links = exception.Links;
        w.Raw("> ");
        AppendHeadline(w, links[0], detail.MessageChars);
        AppendFrames(w, links[0].StackTrace, detail.Frames, detail.FrameChars);

        var shown = 0;
        while (shown < detail.InnerDepth && shown + 1 < links.Count)
        {
            var outer = links[shown];
            var inner = links[shown + 1];
            w.HardBreak().Raw(DigestWording.CausedBy);
            if (outer.AggregateCount > 1)
            {
                DigestWording.AppendFirstOf(w, outer.AggregateCount);
            }

            AppendHeadline(w, inner, detail.InnerMessageChars);
            AppendFrames(w, inner.StackTrace, detail.InnerFrames, detail.FrameChars);
            shown++;
        }

        var remaining = exception.InnerCount - shown;
        if (remaining > 0)
        {
            var cap = ExceptionSnapshot.MoreCountCap;
            w.HardBreak();
            DigestWording.AppendMoreInner(w, Math.Min(remaining, cap), exception.InnerCountCapped || remaining > cap);
        }

        w.Paragraph();
    }

    private static void AppendHeadline(DigestWriter w, ExceptionLink e, int messageChars)
    {
        w.Raw("**");
        w.InlineOr(e.TypeName, TypeNameChars, DigestWording.UnknownExceptionType);
        w.Raw("**");
        if (e.IsAggregate)
        {
            DigestWording.AppendAggregateCount(w, e.AggregateCount);
        }

        if (messageChars > 0 && !string.IsNullOrEmpty(e.Message))
        {
            var mark = w.Mark();
            w.Raw(": ");
            if (!w.Inline(e.Message, messageChars))
            {
                w.Reset(mark);
            }
        }
    }

    private static void AppendFrames(DigestWriter w, string? trace, int frames, int frameChars)
    {
        if (frames <= 0 || string.IsNullOrEmpty(trace))
        {
            return;
        }

        var shown = 0;
        var pos = 0;
        while (shown < frames && pos < trace!.Length)
        {
            var newline = trace.IndexOf('\n', pos);
            var end = newline < 0 ? trace.Length : newline;
            var start = pos;
            pos = end + 1;
            while (start < end && char.IsWhiteSpace(trace[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(trace[end - 1]))
            {
                end--;
            }

            // Skip blank lines and the runtime's "--- End of stack trace from previous location ---" separators.
            if (end == start || string.CompareOrdinal(trace, start, "---", 0, 3) == 0)
            {
                continue;
            }

            w.HardBreak().Raw("> ");
            w.Inline(ShortenFrame(trace, start, end, frameChars), frameChars, lineStart: true);
            shown++;
        }
    }

    // "at A.B() in /home/build/src/Orders/Client.cs:line 42" → "at A.B() in Client.cs:line 42": the directory is
    // noise on a phone. Only the English runtime text is recognised; other languages are shown as they are.
    private static string ShortenFrame(string trace, int start, int end, int frameChars)
    {
        var length = end - start;
        if (length > MaxFrameScan)
        {
            return trace.Substring(start, Math.Min(length, frameChars + 1));
        }

        var line = trace.Substring(start, length);
        var inIndex = line.LastIndexOf(" in ", StringComparison.Ordinal);
        if (inIndex < 0)
        {
            return line;
        }

        var slash = Math.Max(line.LastIndexOf('/'), line.LastIndexOf('\\'));
        return slash > inIndex + 4 ? line.Substring(0, inIndex + 4) + line.Substring(slash + 1) : line;
    }
}
