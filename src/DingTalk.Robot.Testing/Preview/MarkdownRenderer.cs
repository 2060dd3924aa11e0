using System.Globalization;
using System.Text;

namespace DingTalk.Robot.Testing.Preview;

/// <summary>
/// Renders DingTalk's markdown subset to an HTML fragment for the chat preview, safely: message text can never
/// produce a tag, an attribute or a live link of its own.
/// </summary>
/// <remarks>
/// <para>
/// Block level, line by line: <c>#</c>…<c>######</c> headings, <c>&gt;</c> quotes (nested up to
/// <see cref="MaxDepth"/>), <c>- </c>/<c>* </c>/<c>+ </c> and <c>1. </c> list items (a line that starts no block
/// continues the item), and paragraphs separated by blank lines. Inside a paragraph, "two spaces + newline" is a
/// line break and a single newline is only a space — the worst case DingTalk's clients show, so the preview reveals
/// text that relies on it.
/// </para>
/// <para>
/// Inline, on text that is HTML-encoded first: <c>**bold**</c>, <c>*italic*</c>, <c>[text](url)</c> as blue
/// text without a link, <c>![alt](url)</c> as a placeholder box (nothing is loaded), and
/// <c>&lt;font color=#rrggbb&gt;…&lt;/font&gt;</c> in exactly that form. The only markup in the output is the
/// fixed tags written here; every character of the message is encoded, so <c>&lt;script&gt;</c>, attributes,
/// entities and <c>javascript:</c> URLs stay visible text. Constructs are matched outermost first and each one's
/// inside is rendered on its own, so the tags are always balanced, whatever the input (an unclosed <c>**</c> stays
/// literal). The <c>@</c> tokens of the mentions given to the constructor are highlighted as DingTalk does.
/// </para>
/// <para>Tables, code blocks, backslash escapes and HTML other than that <c>font</c> tag are not DingTalk's subset: they stay text.</para>
/// </remarks>
internal sealed class MarkdownRenderer
{
    /// <summary>How deep quotes and inline constructs may nest; deeper ones stay text (bounds the recursion).</summary>
    internal const int MaxDepth = 8;

    private const string FontOpenPrefix = "&lt;font color=#"; // then 6 hex digits and "&gt;", once encoded
    private const int FontOpenLength = 16 + 6 + 4;
    private const string FontClose = "&lt;/font&gt;";

    private readonly string[] _mentions; // "@" + encoded token, longest first

    /// <summary>Creates a renderer that highlights <c>@token</c> for each of <paramref name="mentionTokens"/>.</summary>
    /// <param name="mentionTokens">Mobiles and user ids mentioned (without the <c>@</c>); blank ones are ignored.</param>
    public MarkdownRenderer(IEnumerable<string>? mentionTokens = null)
    {
        _mentions = (mentionTokens ?? [])
            .Where(token => !string.IsNullOrWhiteSpace(token))
            .Select(token => "@" + Encode(token))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(token => token.Length)
            .ToArray();
    }

    private enum ListKind
    {
        None,
        Bullet,
        Ordered,
    }

    /// <summary>HTML-encodes text for an element's content or a quoted attribute value.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>The text with <c>&amp; &lt; &gt; " '</c> encoded.</returns>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text ?? "";
        }

        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => encoded.Append("&amp;"),
                '<' => encoded.Append("&lt;"),
                '>' => encoded.Append("&gt;"),
                '"' => encoded.Append("&quot;"),
                '\'' => encoded.Append("&#39;"),
                _ => encoded.Append(c),
            };
        }

        return encoded.ToString();
    }

    /// <summary>Renders markdown to an HTML fragment (block elements).</summary>
    /// <param name="markdown">DingTalk markdown; <see langword="null"/> or empty gives an empty string.</param>
    /// <returns>The fragment.</returns>
    public string Render(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return "";
        }

        var html = new StringBuilder(markdown.Length * 2);
        RenderBlocks(html, markdown.ReplaceLineEndings("\n").Split('\n'), 0);
        return html.ToString();
    }

    /// <summary>
    /// Renders plain text (a text message): encoded, mentions highlighted, nothing else; newlines are kept as they
    /// are, for <c>white-space: pre-wrap</c>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The HTML.</returns>
    public string RenderPlain(string? text)
    {
        var encoded = Encode(text?.ReplaceLineEndings("\n"));
        var html = new StringBuilder(encoded.Length + 32);
        AppendText(html, encoded, 0, encoded.Length);
        return html.ToString();
    }

    private static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    // Up to 3 spaces of indentation before a block marker, as in CommonMark.
    private static int Indent(string line)
    {
        var i = 0;
        while (i < line.Length && i < 4 && line[i] == ' ')
        {
            i++;
        }

        return i < 4 ? i : -1;
    }

    private static bool TryHeading(string line, out int level, out string content)
    {
        level = 0;
        content = "";
        var i = Indent(line);
        if (i < 0)
        {
            return false;
        }

        var start = i;
        while (i < line.Length && line[i] == '#')
        {
            i++;
        }

        level = i - start;
        if (level is < 1 or > 6 || (i < line.Length && line[i] is not (' ' or '\t')))
        {
            return false;
        }

        content = line[i..].Trim();
        return true;
    }

    private static bool TryQuote(string line, out string content)
    {
        content = "";
        var i = Indent(line);
        if (i < 0 || i >= line.Length || line[i] != '>')
        {
            return false;
        }

        i++;
        if (i < line.Length && line[i] == ' ')
        {
            i++;
        }

        content = line[i..];
        return true;
    }

    private static bool TryListItem(string line, out ListKind kind, out int number, out string content)
    {
        kind = ListKind.None;
        number = 0;
        content = "";
        var i = Indent(line);
        if (i < 0 || i >= line.Length)
        {
            return false;
        }

        int markerEnd;
        if (line[i] is '-' or '*' or '+')
        {
            kind = ListKind.Bullet;
            markerEnd = i + 1;
        }
        else
        {
            var digits = i;
            while (digits < line.Length && digits - i < 9 && char.IsAsciiDigit(line[digits]))
            {
                digits++;
            }

            if (digits == i || digits >= line.Length || line[digits] is not ('.' or ')'))
            {
                return false;
            }

            kind = ListKind.Ordered;
            number = int.Parse(line.AsSpan(i, digits - i), NumberStyles.None, CultureInfo.InvariantCulture);
            markerEnd = digits + 1;
        }

        if (markerEnd < line.Length && line[markerEnd] is not (' ' or '\t'))
        {
            kind = ListKind.None;
            return false;
        }

        content = line[markerEnd..].TrimStart(); // trailing spaces may be a line break
        return true;
    }

    private static bool TryFontOpen(string s, int pos, int end, out string color)
    {
        color = "";
        if (end - pos < FontOpenLength || string.CompareOrdinal(s, pos, FontOpenPrefix, 0, FontOpenPrefix.Length) != 0)
        {
            return false;
        }

        var hex = pos + FontOpenPrefix.Length;
        for (var k = hex; k < hex + 6; k++)
        {
            if (!char.IsAsciiHexDigit(s[k]))
            {
                return false;
            }
        }

        if (string.CompareOrdinal(s, hex + 6, "&gt;", 0, 4) != 0)
        {
            return false;
        }

        color = s.Substring(hex, 6).ToLowerInvariant();
        return true;
    }

    // The "&lt;/font&gt;" that closes the font tag whose content starts at from, counting nested ones; -1 if none.
    private static int FindFontClose(string s, int from, int end)
    {
        var open = 0;
        for (var j = s.IndexOf("&lt;", from, end - from, StringComparison.Ordinal); j >= 0 && j < end;)
        {
            if (TryFontOpen(s, j, end, out _))
            {
                open++;
            }
            else if (end - j >= FontClose.Length && string.CompareOrdinal(s, j, FontClose, 0, FontClose.Length) == 0)
            {
                if (open == 0)
                {
                    return j;
                }

                open--;
            }

            j = j + 1 < end ? s.IndexOf("&lt;", j + 1, end - j - 1, StringComparison.Ordinal) : -1;
        }

        return -1;
    }

    // The closing "*" of an italic whose content starts at from: a single "*" (a "**" pair is skipped) after a
    // non-blank character; -1 if none.
    private static int FindItalicClose(string s, int from, int end)
    {
        for (var j = from + 1; j < end; j++)
        {
            if (s[j] != '*')
            {
                continue;
            }

            if (j + 1 < end && s[j + 1] == '*')
            {
                j++;
                continue;
            }

            if (!char.IsWhiteSpace(s[j - 1]))
            {
                return j;
            }
        }

        return -1;
    }

    // "[inner](url)" starting at open: the inner range and the index after ")". The url may not hold whitespace;
    // its parentheses must balance, as in CommonMark ("javascript:alert(1)" is one url).
    private static bool TryBracket(string s, int open, int end, bool allowEmpty, out int innerEnd, out int after)
    {
        after = -1;
        innerEnd = s.IndexOf(']', open + 1, end - open - 1);
        if (innerEnd < 0 || (innerEnd == open + 1 && !allowEmpty) || innerEnd + 1 >= end || s[innerEnd + 1] != '(')
        {
            return false;
        }

        var parentheses = 0;
        for (var j = innerEnd + 2; j < end && !char.IsWhiteSpace(s[j]); j++)
        {
            if (s[j] == '(')
            {
                parentheses++;
            }
            else if (s[j] == ')' && parentheses-- == 0)
            {
                after = j + 1;
                return true;
            }
        }

        return false;
    }

    private void RenderBlocks(StringBuilder html, IReadOnlyList<string> lines, int depth)
    {
        var paragraph = new List<string>();
        var list = ListKind.None;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>");
                RenderLines(html, paragraph);
                html.Append("</p>");
                paragraph.Clear();
            }
        }

        void CloseList()
        {
            if (list != ListKind.None)
            {
                html.Append(list == ListKind.Bullet ? "</ul>" : "</ol>");
                list = ListKind.None;
            }
        }

        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            if (IsBlank(line))
            {
                // A blank line ends a paragraph; a list goes on if the next block is another item of it.
                FlushParagraph();
                i++;
            }
            else if (TryHeading(line, out var level, out var heading))
            {
                FlushParagraph();
                CloseList();
                html.Append("<h").Append(level).Append('>');
                RenderLines(html, [heading]);
                html.Append("</h").Append(level).Append('>');
                i++;
            }
            else if (depth < MaxDepth && TryQuote(line, out _))
            {
                FlushParagraph();
                CloseList();
                var quoted = new List<string>();
                while (i < lines.Count && TryQuote(lines[i], out var content))
                {
                    quoted.Add(content);
                    i++;
                }

                html.Append("<blockquote>");
                RenderBlocks(html, quoted, depth + 1);
                html.Append("</blockquote>");
            }
            else if (TryListItem(line, out var kind, out var number, out var first))
            {
                FlushParagraph();
                if (kind != list)
                {
                    CloseList();
                    list = kind;
                    html.Append(kind == ListKind.Bullet ? "<ul>" : number == 1 ? "<ol>" : $"<ol start=\"{number.ToString(CultureInfo.InvariantCulture)}\">");
                }

                var item = new List<string> { first };
                for (i++; i < lines.Count && !IsBlank(lines[i]) && !StartsBlock(lines[i], depth); i++)
                {
                    item.Add(lines[i]);
                }

                html.Append("<li>");
                RenderLines(html, item);
                html.Append("</li>");
            }
            else
            {
                CloseList();
                paragraph.Add(line);
                i++;
            }
        }

        FlushParagraph();
        CloseList();
    }

    private bool StartsBlock(string line, int depth) =>
        TryHeading(line, out _, out _) || (depth < MaxDepth && TryQuote(line, out _)) || TryListItem(line, out _, out _, out _);

    // The lines of one paragraph, heading or list item: encoded, joined by a space-like newline or, after two
    // trailing spaces, a <br> (the only raw tag in the encoded text, and free of every inline trigger character).
    private void RenderLines(StringBuilder html, IReadOnlyList<string> lines)
    {
        var encoded = new StringBuilder();
        for (var k = 0; k < lines.Count; k++)
        {
            var line = lines[k];
            encoded.Append(Encode(line.Trim()));
            if (k < lines.Count - 1)
            {
                encoded.Append(line.EndsWith("  ", StringComparison.Ordinal) ? "<br>" : "\n");
            }
        }

        var text = encoded.ToString();
        RenderInline(html, text, 0, text.Length, 0);
    }

    // Inline constructs in s[start..end), which is encoded text: the earliest opener that has a closer wins, its
    // inside is rendered recursively, and whatever matches nothing is copied as it is (it is already encoded).
    private void RenderInline(StringBuilder html, string s, int start, int end, int depth)
    {
        var text = start; // the start of text not yet written
        var pos = start;

        // Once a search for a closer fails, a later opener of the same kind cannot find one either.
        var noBold = false;
        var noItalic = false;
        var noBracket = false;

        while (pos < end && depth < MaxDepth)
        {
            var c = s[pos];
            var after = -1;
            if (c == '!' && !noBracket && pos + 1 < end && s[pos + 1] == '[')
            {
                if (TryBracket(s, pos + 1, end, allowEmpty: true, out var altEnd, out after))
                {
                    AppendText(html, s, text, pos);
                    html.Append("<span class=\"md-img\">");
                    html.Append(altEnd > pos + 2 ? s.AsSpan(pos + 2, altEnd - pos - 2) : "image");
                    html.Append("</span>");
                }
            }
            else if (c == '[' && !noBracket)
            {
                if (TryBracket(s, pos, end, allowEmpty: false, out var textEnd, out after))
                {
                    AppendText(html, s, text, pos);
                    html.Append("<span class=\"md-link\">");
                    RenderInline(html, s, pos + 1, textEnd, depth + 1);
                    html.Append("</span>");
                }
                else if (s.IndexOf(']', pos, end - pos) < 0)
                {
                    noBracket = true;
                }
            }
            else if (c == '*' && pos + 1 < end && s[pos + 1] == '*')
            {
                var close = noBold ? -1 : s.IndexOf("**", pos + 2, end - pos - 2, StringComparison.Ordinal);
                noBold = close < 0;
                if (close > pos + 2)
                {
                    AppendText(html, s, text, pos);
                    html.Append("<strong>");
                    RenderInline(html, s, pos + 2, close, depth + 1);
                    html.Append("</strong>");
                    after = close + 2;
                }
            }
            else if (c == '*' && !noItalic && pos + 1 < end && !char.IsWhiteSpace(s[pos + 1]))
            {
                var close = FindItalicClose(s, pos + 1, end);
                noItalic = close < 0;
                if (close > 0)
                {
                    AppendText(html, s, text, pos);
                    html.Append("<em>");
                    RenderInline(html, s, pos + 1, close, depth + 1);
                    html.Append("</em>");
                    after = close + 1;
                }
            }
            else if (c == '&' && TryFontOpen(s, pos, end, out var color))
            {
                var close = FindFontClose(s, pos + FontOpenLength, end);
                if (close >= 0)
                {
                    AppendText(html, s, text, pos);
                    html.Append("<span style=\"color:#").Append(color).Append("\">");
                    RenderInline(html, s, pos + FontOpenLength, close, depth + 1);
                    html.Append("</span>");
                    after = close + FontClose.Length;
                }
            }

            if (after > 0)
            {
                pos = text = after;
            }
            else
            {
                pos++;
            }
        }

        AppendText(html, s, text, end);
    }

    // Encoded text, with the mention tokens wrapped in a highlight.
    private void AppendText(StringBuilder html, string s, int start, int end)
    {
        var from = start;
        for (var i = start; i < end && _mentions.Length > 0; i++)
        {
            if (s[i] != '@')
            {
                continue;
            }

            foreach (var token in _mentions)
            {
                if (end - i >= token.Length && string.CompareOrdinal(s, i, token, 0, token.Length) == 0)
                {
                    html.Append(s, from, i - from).Append("<span class=\"at\">").Append(token).Append("</span>");
                    i += token.Length - 1;
                    from = i + 1;
                    break;
                }
            }
        }

        html.Append(s, from, end - from);
    }
}
