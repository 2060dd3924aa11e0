using System.Runtime.CompilerServices;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Renders an exception as a markdown quote: type and message, the top stack frames, and the inner-exception chain
/// (bounded, the rest counted). DingTalk's markdown has no code blocks, so a quote with hard line breaks it is.
/// </summary>
/// <remarks>
/// An exception is a user object: <see cref="Exception.Message"/> and <see cref="Exception.StackTrace"/> are virtual
/// and can throw, <see cref="object.Equals(object)"/> can be overridden, and a chain can be arbitrarily deep. So every
/// read is guarded, the chain is walked iteratively with a reference-identity cycle guard and a depth cap, and
/// <see cref="Exception.ToString"/> (which recurses through the whole chain and calls all of the above) is never called.
/// Not thread-safe: one instance per formatter.
/// </remarks>
internal sealed class ExceptionRenderer
{
    // Counting an absurd chain stops here; the digest then says "more than".
    private const int CountCap = 100_000;
    private const int TypeNameChars = 120;

    // Past this many exceptions in an aggregate's tree, its Message is not read (see IsLargeTree).
    private const int MaxAggregateTreeForMessage = 64;

    private readonly HashSet<Exception> _seen = new(ReferenceComparer.Instance);

    // Exception.StackTrace builds a new string (kilobytes, with file and line lookups) on every call, and one digest
    // renders a group at several levels of detail: each trace is taken once per digest. Kept by reference (the
    // exception's own Equals is user code); emptied by EndDigest, keeping its capacity.
    private readonly Dictionary<Exception, string?> _traces = new(ReferenceComparer.Instance);

    /// <summary>Appends <paramref name="exception"/> as a quote block, followed by a blank line.</summary>
    public void Append(DigestWriter w, Exception exception, in ExceptionDetail detail)
    {
        try
        {
            AppendChain(w, exception, detail);
        }
        finally
        {
            _seen.Clear();
        }
    }

    private void AppendChain(DigestWriter w, Exception exception, in ExceptionDetail detail)
    {
        _seen.Add(exception);
        w.Raw("> ");
        AppendHeadline(w, exception, detail.MessageChars);
        AppendFrames(w, exception, detail.Frames, detail.FrameChars);

        var current = exception;
        var next = InnerOf(current);
        var depth = 0;
        while (next is not null && depth < detail.InnerDepth && _seen.Add(next))
        {
            w.HardBreak().Raw("> caused by ");
            var siblings = InnerCountOf(current);
            if (siblings > 1)
            {
                w.Raw("(1 of ").Number(siblings).Raw(") ");
            }

            AppendHeadline(w, next, detail.InnerMessageChars);
            AppendFrames(w, next, detail.InnerFrames, detail.FrameChars);
            current = next;
            next = InnerOf(current);
            depth++;
        }

        if (next is not null && !_seen.Contains(next))
        {
            var (more, capped) = CountChain(next);
            w.HardBreak().Raw("> \u2026 ").Raw(capped ? "more than " : string.Empty).Number(more)
                .Raw(more == 1 ? " more inner exception" : " more inner exceptions");
        }

        w.Paragraph();
    }

    private static void AppendHeadline(DigestWriter w, Exception e, int messageChars)
    {
        w.Raw("**");
        w.InlineOr(TypeNameOf(e), TypeNameChars, "Exception");
        w.Raw("**");
        var inner = InnerCountOf(e);
        if (e is AggregateException)
        {
            w.Raw(" (").Number(inner).Raw(inner == 1 ? " inner exception)" : " inner exceptions)");
        }

        var message = MessageOf(e);
        if (messageChars > 0 && !string.IsNullOrEmpty(message))
        {
            var mark = w.Mark();
            w.Raw(": ");
            if (!w.Inline(message, messageChars))
            {
                w.Reset(mark);
            }
        }
    }

    /// <summary>Forgets the stack traces taken for the digest just formatted.</summary>
    public void EndDigest() => _traces.Clear();

    private void AppendFrames(DigestWriter w, Exception e, int frames, int frameChars)
    {
        if (frames <= 0)
        {
            return;
        }

        if (!_traces.TryGetValue(e, out var trace))
        {
            trace = StackTraceOf(e);
            _traces[e] = trace;
        }

        if (string.IsNullOrEmpty(trace))
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
        if (length > 2048)
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

    private (long Count, bool Capped) CountChain(Exception first)
    {
        long count = 0;
        Exception? current = first;
        while (current is not null && count < CountCap && _seen.Add(current))
        {
            count++;
            current = InnerOf(current);
        }

        return (count, count >= CountCap && current is not null);
    }

    private static string TypeNameOf(Exception e)
    {
        try
        {
            var type = e.GetType();
            return type.FullName ?? type.Name;
        }
        catch (Exception)
        {
            return "Exception";
        }
    }

    private static string? MessageOf(Exception e)
    {
        try
        {
            return e is AggregateException aggregate && IsLargeTree(aggregate) ? null : e.Message;
        }
        catch (Exception thrown)
        {
            return "(the exception's Message threw " + TypeNameOf(thrown) + ")";
        }
    }

    // AggregateException.Message concatenates the messages of all its inner exceptions, recursively: over a large tree
    // one read copies every nested message once per level (a thousand nested aggregates around a long message took
    // seconds and a gigabyte, stalling the digest loop). Such an aggregate is shown by its type and count alone; the
    // chain below it shows its first inner exceptions with their own messages anyway.
    private static bool IsLargeTree(AggregateException root)
    {
        var pending = new Stack<AggregateException>();
        pending.Push(root);
        var exceptions = 0;
        while (pending.Count > 0)
        {
            foreach (var inner in pending.Pop().InnerExceptions)
            {
                if (++exceptions > MaxAggregateTreeForMessage)
                {
                    return true;
                }

                if (inner is AggregateException nested)
                {
                    pending.Push(nested);
                }
            }
        }

        return false;
    }

    private static string? StackTraceOf(Exception e)
    {
        try
        {
            return e.StackTrace;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static Exception? InnerOf(Exception e)
    {
        try
        {
            return e.InnerException;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static int InnerCountOf(Exception e)
    {
        try
        {
            return e is AggregateException aggregate ? aggregate.InnerExceptions.Count : 0;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    // Identity, not Equals/GetHashCode: those are user code and may throw or lie.
    private sealed class ReferenceComparer : IEqualityComparer<Exception>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(Exception? x, Exception? y) => ReferenceEquals(x, y);

        public int GetHashCode(Exception obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
