using System.Globalization;
using System.Text;

namespace DingTalk.Robot.Digest.Markdown.Text;

/// <summary>
/// Makes text from log events (templates, messages, sources, properties, exceptions — and the app, environment and
/// host names) safe to place inline in DingTalk markdown: it can never start a heading, quote or list, emphasise,
/// link, embed an image or HTML, open a code span, or @-mention anyone, and it stays on one line. It changes only the
/// characters that could do so where they stand, so stack frames, type names and paths copy back as they were.
/// </summary>
/// <remarks>
/// <para>
/// Why substitutes and not backslashes: DingTalk documents no backslash escapes, and its clients' renderers are not
/// documented either, so a <c>\*</c> might show the backslash or, worse, not escape at all. Each dangerous ASCII
/// character is replaced by its full-width lookalike (<c>＃＊＿＞＜［］｀～｜＠＼＆</c>), which no markdown dialect treats
/// as syntax, reads the same to a person, and cannot be undone by the renderer. The cost is that a copied snippet
/// differs from the original in those characters, and a full-width character takes 3 bytes instead of 1.
/// </para>
/// <para>
/// What is left as it is, because it cannot form markup where it stands: <c>(</c> <c>)</c> <c>!</c> <c>$</c> (a link
/// or image needs a <c>[</c>); a <c>&lt;</c> that no tag, comment or autolink can start with (one not followed by an
/// ASCII letter, <c>/</c>, <c>!</c> or <c>?</c>: <c>a &lt; b</c>, <c>&lt;&gt;c</c>); a <c>/</c> that is not part of
/// <c>://</c> (<c>/orders/42</c>, <c>RequestPath:/orders/42</c>); and the .NET names <see cref="CodeNames"/> recognises
/// (<c>Program.&lt;Main&gt;$</c>, <c>ILogger`1</c>, <c>String[]</c>). A backslash is replaced because it could escape
/// the markup we write right after the text (a message ending in <c>\</c> would eat the closing <c>**</c>).
/// <c>&amp;</c> is replaced so no entity such as <c>&amp;#64;</c> can smuggle a character in.
/// </para>
/// <para>
/// Bare URLs are defused too (<c>https:／／host</c>, <c>www．host</c>): a client that auto-links them would otherwise
/// turn attacker-controlled log text into a clickable link in the on-call group.
/// </para>
/// <para>
/// At the start of a line (<c>lineStart</c>) a leading <c>-</c>, <c>+</c>, <c>=</c> or <c>1.</c>/<c>1)</c>
/// would make a list item or a setext underline, so those become <c>－ ＋ ＝ ．）</c>, and no .NET name is kept
/// there. Line breaks (CR, LF, NEL, U+2028/U+2029), tabs and other control characters, and non-ASCII spaces collapse
/// to one space, and leading and trailing whitespace is trimmed (a trailing double space would be a hard break).
/// Format characters (bidi overrides that can disguise text, BOMs, soft hyphens) are removed, except the joiners emoji
/// and some scripts need. A lone surrogate becomes U+FFFD.
/// </para>
/// </remarks>
internal static class MarkdownEscaper
{
    /// <summary>Appended when text is cut short.</summary>
    public const char Ellipsis = '\u2026';

    /// <summary>
    /// Appends <paramref name="text"/> escaped for inline markdown, cut to at most <paramref name="maxChars"/> characters
    /// (the last one being <see cref="Ellipsis"/> when cut) on a text-element boundary.
    /// </summary>
    /// <param name="sb">Where to append.</param>
    /// <param name="text">The untrusted text.</param>
    /// <param name="maxChars">The most UTF-16 units to append.</param>
    /// <param name="lineStart">Whether the text starts a line, where list markers would be markup.</param>
    /// <param name="allowBacktick">Whether one generic arity's backtick (<c>ILogger`1</c>) may stay: only where no other
    /// backtick is left in the paragraph, or the two would open a code span.</param>
    /// <returns>The estimated bytes the appended text takes in the JSON body (see <see cref="JsonByteCost"/>).</returns>
    public static int AppendInline(StringBuilder sb, string? text, int maxChars, bool lineStart = false, bool allowBacktick = false)
    {
        if (text is null || text.Length == 0 || maxChars <= 0)
        {
            return 0;
        }

        var limit = text.Length;
        var truncated = false;
        if (limit > maxChars)
        {
            limit = TextTruncation.PrefixLength(text, maxChars - 1);
            truncated = true;
        }

        var start = sb.Length;
        var bytes = AppendEscaped(sb, text, limit, lineStart, allowBacktick);
        if (lineStart)
        {
            bytes += DefuseOrderedListMarker(sb, start);
        }

        if (truncated)
        {
            sb.Append(Ellipsis);
            bytes += JsonByteCost.Of(Ellipsis);
        }

        return bytes;
    }

    /// <summary>Returns <paramref name="text"/> escaped for inline markdown.</summary>
    public static string Escape(string? text, int maxChars = int.MaxValue, bool lineStart = false, bool allowBacktick = false)
    {
        var sb = new StringBuilder();
        AppendInline(sb, text, maxChars, lineStart, allowBacktick);
        return sb.ToString();
    }

    // Escapes text[0, limit) into sb; returns the estimated JSON bytes.
    private static int AppendEscaped(StringBuilder sb, string text, int limit, bool lineStart, bool allowBacktick)
    {
        var bytes = 0;
        var wroteAny = false;
        var pendingSpace = false;
        for (var i = 0; i < limit; i++)
        {
            var c = text[i];
            char output;
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < limit && char.IsLowSurrogate(text[i + 1]))
                {
                    bytes += FlushSpace(sb, ref pendingSpace);
                    sb.Append(c).Append(text[i + 1]);
                    bytes += JsonByteCost.Of(c) + JsonByteCost.Of(text[i + 1]);
                    wroteAny = true;
                    i++;
                    continue;
                }

                output = '\uFFFD';
            }
            else if (IsSpace(c))
            {
                pendingSpace = wroteAny;
                continue;
            }
            else if (c >= 0x80 && IsRemovedFormat(c))
            {
                continue;
            }
            else if (KeptName(text, i, limit, lineStart && !wroteAny, ref allowBacktick) is var kept and > 0)
            {
                // A .NET name whose brackets and underscores cannot form markup: copied as it is (ASCII only).
                bytes += FlushSpace(sb, ref pendingSpace);
                sb.Append(text, i, kept);
                bytes += kept;
                wroteAny = true;
                i += kept - 1;
                continue;
            }
            else
            {
                output = Substitute(text, i, limit, !wroteAny && lineStart);
            }

            bytes += FlushSpace(sb, ref pendingSpace);
            sb.Append(output);
            bytes += JsonByteCost.Of(output);
            wroteAny = true;
        }

        return bytes;
    }

    private static int FlushSpace(StringBuilder sb, ref bool pendingSpace)
    {
        if (!pendingSpace)
        {
            return 0;
        }

        pendingSpace = false;
        sb.Append(' ');
        return 1;
    }

    private static char Substitute(string text, int i, int limit, bool first)
    {
        var c = text[i];
        switch (c)
        {
            case '#': return '\uFF03';
            case '*': return '\uFF0A';
            case '_': return '\uFF3F';
            case '>': return '\uFF1E';
            case '<': return MayOpenTag(text, i, limit) ? '\uFF1C' : c;
            case '[': return '\uFF3B';
            case ']': return '\uFF3D';
            case '`': return '\uFF40';
            case '~': return '\uFF5E';
            case '|': return '\uFF5C';
            case '@': return '\uFF20';
            case '\\': return '\uFF3C';
            case '&': return '\uFF06';
            case '-': return first ? '\uFF0D' : c;
            case '+': return first ? '\uFF0B' : c;
            case '=': return first ? '\uFF1D' : c;
            case '.': return FollowsWww(text, i) ? '\uFF0E' : c;
            case '/': return FollowsScheme(text, i) ? '\uFF0F' : c;
            default: return c;
        }
    }

    // The two slashes of "://", so "https://host" cannot be auto-linked; a path's slashes ("RequestPath:/orders/42") stay.
    private static bool FollowsScheme(string text, int i)
        => i >= 1 && ((text[i - 1] == ':' && i + 1 < text.Length && text[i + 1] == '/') || (text[i - 1] == '/' && i >= 2 && text[i - 2] == ':'));

    // A tag, closing tag, comment, declaration or autolink starts with "<" and an ASCII letter, "/", "!" or "?", looking
    // at what is written next (removed format characters skipped); a "<" that ends the text is escaped too, since our
    // markup follows it.
    private static bool MayOpenTag(string text, int i, int limit)
    {
        var next = NextShown(text, i + 1, limit);
        if (next < 0)
        {
            return true;
        }

        var c = text[next];
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '/' || c == '!' || c == '?';
    }

    /// <summary>
    /// The index of the first character from <paramref name="from"/> that the escaped text shows right after what came
    /// before: removed format characters are skipped, a space is shown (as one) only when something follows it.
    /// -1 when nothing follows before <paramref name="limit"/>, so that the markup we write next would.
    /// </summary>
    internal static int NextShown(string text, int from, int limit)
    {
        var space = -1;
        for (var j = from; j < limit; j++)
        {
            var c = text[j];
            if (c >= 0x80 && !char.IsSurrogate(c) && IsRemovedFormat(c))
            {
                continue;
            }

            if (IsSpace(c))
            {
                space = space < 0 ? j : space;
                continue;
            }

            return space >= 0 ? space : j;
        }

        return -1;
    }

    // The length of a .NET name starting at i that stays as it is (see CodeNames), or 0.
    private static int KeptName(string text, int i, int limit, bool atLineStart, ref bool allowBacktick)
    {
        switch (text[i])
        {
            case '<':
                return atLineStart ? 0 : CodeNames.GeneratedNameLength(text, i, limit);
            case '[':
                return CodeNames.IsEmptyBrackets(text, i, limit) ? 2 : 0;
            case '`':
                if (allowBacktick && CodeNames.IsArityBacktick(text, i, limit))
                {
                    allowBacktick = false;
                    return 1;
                }

                return 0;
            default:
                return 0;
        }
    }

    // The dot of a "www." that starts a word, so "www.host" cannot be auto-linked.
    private static bool FollowsWww(string text, int i)
        => i >= 3
           && (text[i - 1] | 0x20) == 'w' && (text[i - 2] | 0x20) == 'w' && (text[i - 3] | 0x20) == 'w'
           && (i == 3 || !char.IsLetterOrDigit(text[i - 4]));

    // "12. text" or "3) text" at the start of a line is an ordered list. Checked on the output, after characters that
    // are removed (a BOM, a bidi override) are gone: "\uFEFF1. x" must not become a list either. The end of the
    // appended text counts as a space, since our markup may follow it on the same line.
    // Returns the extra bytes of the substitute.
    private static int DefuseOrderedListMarker(StringBuilder sb, int start)
    {
        var end = sb.Length;
        var i = start;
        while (i < end && i - start <= 9 && sb[i] >= '0' && sb[i] <= '9')
        {
            i++;
        }

        var digits = i - start;
        if (digits == 0 || digits > 9 || i >= end || (sb[i] != '.' && sb[i] != ')') || (i + 1 < end && sb[i + 1] != ' '))
        {
            return 0;
        }

        var substitute = sb[i] == '.' ? '\uFF0E' : '\uFF09';
        var extra = JsonByteCost.Of(substitute) - JsonByteCost.Of(sb[i]);
        sb[i] = substitute;
        return extra;
    }

    private static bool IsSpace(char c)
    {
        if (c < 0x80)
        {
            return c <= 0x20 || c == 0x7F;
        }

        if (c <= 0x9F)
        {
            return true; // C1 controls, including NEL (U+0085)
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    // Invisible format characters are dropped — except ZWNJ/ZWJ, which scripts and emoji sequences need.
    private static bool IsRemovedFormat(char c)
        => c != '\u200C' && c != '\u200D' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
