using System.Text;

namespace DingTalk.Robot.Digest.Markdown.Text;

/// <summary>
/// The digest text under construction: a reusable <see cref="StringBuilder"/> that also keeps a running estimate of
/// the bytes the text will take in the JSON body, and can roll back to a mark — so the formatter can try a section at
/// one level of detail and, if it does not fit the budget, undo it and try a smaller one without re-rendering the rest.
/// </summary>
internal sealed class DigestWriter
{
    // A builder that grew past this (a huge batch of huge messages) is not kept between digests.
    private const int RetainedCapacity = 256 * 1024;

    private StringBuilder _sb = new(8 * 1024);

    /// <summary>The estimated bytes written so far.</summary>
    public int Bytes { get; private set; }

    /// <summary>The characters written so far.</summary>
    public int Length => _sb.Length;

    /// <summary>A point to come back to with <see cref="Reset"/>.</summary>
    public (int Length, int Bytes) Mark() => (_sb.Length, Bytes);

    /// <summary>Forgets everything written after <paramref name="mark"/>.</summary>
    public void Reset((int Length, int Bytes) mark)
    {
        _sb.Length = mark.Length;
        Bytes = mark.Bytes;
    }

    /// <summary>Starts a new text.</summary>
    public void Clear()
    {
        if (_sb.Capacity > RetainedCapacity)
        {
            _sb = new StringBuilder(8 * 1024);
        }

        _sb.Clear();
        Bytes = 0;
    }

    /// <summary>Appends markup or trusted text as is.</summary>
    public DigestWriter Raw(string text)
    {
        _sb.Append(text);
        Bytes += JsonByteCost.Of(text);
        return this;
    }

    /// <summary>Appends a markup character.</summary>
    public DigestWriter Raw(char c)
    {
        _sb.Append(c);
        Bytes += JsonByteCost.Of(c);
        return this;
    }

    /// <summary>Appends a count with thousands separators.</summary>
    public DigestWriter Number(long value) => Raw(DigestLevelText.Number(value));

    /// <summary>Appends untrusted text, escaped and cut to <paramref name="maxChars"/>.</summary>
    /// <returns>Whether anything was written.</returns>
    public bool Inline(string? text, int maxChars, bool lineStart = false)
    {
        var before = _sb.Length;
        var allowBacktick = text is not null && text.IndexOf('`') >= 0 && !ParagraphHasBacktick();
        Bytes += MarkdownEscaper.AppendInline(_sb, text, maxChars, lineStart, allowBacktick);
        return _sb.Length > before;
    }

    /// <summary>Appends untrusted text, or <paramref name="placeholder"/> when it escapes to nothing.</summary>
    public void InlineOr(string? text, int maxChars, string placeholder, bool lineStart = false)
    {
        if (!Inline(text, maxChars, lineStart))
        {
            Raw(placeholder);
        }
    }

    /// <summary>Ends a paragraph: a blank line, which every markdown renderer treats as a break.</summary>
    public DigestWriter Paragraph() => Raw("\n\n");

    /// <summary>Ends a line inside a paragraph or quote with a hard break (two spaces before the newline).</summary>
    public DigestWriter HardBreak() => Raw("  \n");

    /// <summary>Removes trailing spaces and newlines: the text ends with its last line, not a dangling break.</summary>
    public void TrimEnd()
    {
        while (_sb.Length > 0 && (_sb[_sb.Length - 1] == '\n' || _sb[_sb.Length - 1] == ' '))
        {
            Bytes -= JsonByteCost.Of(_sb[_sb.Length - 1]);
            _sb.Length--;
        }
    }

    /// <summary>Whether the text so far contains <paramref name="value"/> (ordinal), without copying the text when it can.</summary>
    public bool Contains(string value)
    {
#if NETCOREAPP3_0_OR_GREATER
        // The builder is one chunk unless the text outgrew its initial capacity: search it in place.
        var chunks = 0;
        var only = ReadOnlyMemory<char>.Empty;
        foreach (var chunk in _sb.GetChunks())
        {
            only = chunk;
            if (++chunks > 1)
            {
                break;
            }
        }

        if (chunks <= 1)
        {
            return only.Span.IndexOf(value.AsSpan(), StringComparison.Ordinal) >= 0;
        }
#endif
        return _sb.ToString().IndexOf(value, StringComparison.Ordinal) >= 0;
    }

    // Two backticks in one paragraph would open a code span: a backtick is kept only where the paragraph (back to the
    // last blank line) has none yet. Every '`' in the text is one so kept: our markup writes none, and escaped ones
    // are full-width.
    private bool ParagraphHasBacktick()
    {
        for (var i = _sb.Length - 1; i >= 0; i--)
        {
            var c = _sb[i];
            if (c == '`')
            {
                return true;
            }

            if (c == '\n' && i > 0 && _sb[i - 1] == '\n')
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The characters from <paramref name="start"/> on.</summary>
    public string ToString(int start) => _sb.ToString(start, _sb.Length - start);

    /// <inheritdoc />
    public override string ToString() => _sb.ToString();
}
