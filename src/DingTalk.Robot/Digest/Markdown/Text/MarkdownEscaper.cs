using System.Globalization;
using System.Text;

namespace DingTalk.Robot.Digest.Markdown.Text;

/// <summary>
/// Makes text from log events (templates, messages, sources, properties, exceptions — and the app, environment and
/// host names) safe to place inline in DingTalk markdown: it can never start a heading, quote or list, emphasise,
/// link, embed an image or HTML, open a code span, or @-mention anyone, and it stays on one line.
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
/// Deliberately kept as they are, because they are common in messages and stack frames and harmless on their own:
/// <c>(</c> <c>)</c> and <c>!</c> — a link or image needs a <c>[</c>, which never survives. A backslash is replaced
/// because it could escape the markup we write right after the text (a message ending in <c>\</c> would eat the
/// closing <c>**</c>). <c>&amp;</c> is replaced so no entity such as <c>&amp;#64;</c> can smuggle a character in.
/// </para>
/// <para>
/// Bare URLs are defused too (<c>https:／／host</c>, <c>www．host</c>): a client that auto-links them would otherwise
/// turn attacker-controlled log text into a clickable link in the on-call group.
/// </para>
/// <para>
/// At the start of a line (<c>lineStart</c>) a leading <c>-</c>, <c>+</c>, <c>=</c> or <c>1.</c>/<c>1)</c>
/// would make a list item or a setext underline, so those become <c>－ ＋ ＝ ．）</c>. Line breaks (CR, LF, NEL,
/// U+2028/U+2029), tabs and other control characters, and non-ASCII spaces collapse to one space, and leading and
/// trailing whitespace is trimmed (a trailing double space would be a hard break). Format characters (bidi overrides
/// that can disguise text, BOMs, soft hyphens) are removed, except the joiners emoji and some scripts need. A lone
/// surrogate becomes U+FFFD.
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
    /// <returns>The estimated bytes the appended text takes in the JSON body (see <see cref="JsonByteCost"/>).</returns>
    public static int AppendInline(StringBuilder sb, string? text, int maxChars, bool lineStart = false)
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
        var bytes = AppendEscaped(sb, text, limit, lineStart);
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
    public static string Escape(string? text, int maxChars = int.MaxValue, bool lineStart = false)
    {
        var sb = new StringBuilder();
        AppendInline(sb, text, maxChars, lineStart);
        return sb.ToString();
    }

    // Escapes text[0, limit) into sb; returns the estimated JSON bytes.
    private static int AppendEscaped(StringBuilder sb, string text, int limit, bool lineStart)
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
            else
            {
                output = Substitute(text, i, !wroteAny && lineStart);
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

    private static char Substitute(string text, int i, bool first)
    {
        var c = text[i];
        switch (c)
        {
            case '#': return '\uFF03';
            case '*': return '\uFF0A';
            case '_': return '\uFF3F';
            case '>': return '\uFF1E';
            case '<': return '\uFF1C';
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

    // The two slashes of "://", so "https://host" cannot be auto-linked.
    private static bool FollowsScheme(string text, int i)
        => i >= 1 && (text[i - 1] == ':' || (text[i - 1] == '/' && i >= 2 && text[i - 2] == ':'));

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
